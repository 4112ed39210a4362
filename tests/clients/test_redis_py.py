"""redis-py 4.3 (RESP2) against the server: pipelines, transactions, pub/sub, scripts, locks, SCAN."""

import hashlib
import threading
import time

import pytest
import redis
from redis.exceptions import LockError, LockNotOwnedError, NoScriptError, ResponseError, WatchError

from conftest import make_client


def next_message(pubsub, timeout=5.0):
    """The next pub/sub message, waiting at most `timeout` seconds (None if none arrived)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.1)
        if message is not None:
            return message
    return None


# ---------------------------------------------------------------------------------------------
# Connection set-up and RESP2 replies
# ---------------------------------------------------------------------------------------------


def test_connect_with_db_and_client_name_selects_and_names(server, prefix):
    c0 = make_client(server)
    c1 = make_client(server, db=1, client_name="clients-suite")
    try:
        c1.set(prefix + "k", "in-db-1")
        assert c0.get(prefix + "k") is None
        assert c1.get(prefix + "k") == b"in-db-1"
        assert c1.client_getname() == "clients-suite"
        info = c1.client_info()
        assert info["db"] == 1
        assert info["name"] == "clients-suite"
        # CLIENT INFO's line ends in "\n", which redis-py 4.3 leaves on the last field (resp).
        assert info["resp"] == "2\n"
    finally:
        c0.close()
        c1.close()


def test_killed_connection_is_replaced_transparently(server, r, prefix):
    # Redis closes a killed client's socket before CLIENT KILL replies; when redis-py takes the
    # connection from its pool it sees the EOF and reconnects, so the next command just works.
    victim = make_client(server)
    try:
        victim.set(prefix + "k", "v")
        old_id = victim.client_id()
        assert r.client_kill_filter(_id=old_id) == 1
        assert victim.get(prefix + "k") == b"v"
        assert victim.client_id() != old_id
    finally:
        victim.close()


def test_resp2_reply_types_are_parsed(r, prefix):
    k = prefix + "k"
    assert r.set(k, "10") is True
    assert r.get(prefix + "missing") is None
    assert r.incr(k) == 11
    assert r.incrbyfloat(k, 0.5) == 11.5
    assert r.mget(k, prefix + "missing") == [b"11.5", None]
    assert r.set(k, "v", nx=True) is None
    assert r.set(k, "v2", get=True) == b"11.5"
    assert r.getdel(k) == b"v2"
    with pytest.raises(ResponseError) as e:
        r.execute_command("SET", k, "v", "EX", "notanumber")
    assert str(e.value) == "value is not an integer or out of range"


def test_binary_and_unicode_values_round_trip(server, prefix):
    raw = make_client(server)
    text = make_client(server, decode_responses=True)
    try:
        blob = bytes(range(256)) * 4 + b"\r\n$-1\r\n*2\r\n"
        raw.set(prefix + "blob", blob)
        assert raw.get(prefix + "blob") == blob
        assert raw.strlen(prefix + "blob") == len(blob)
        text.set(prefix + "text", "zażółć gęślą jaźń ✓")
        assert text.get(prefix + "text") == "zażółć gęślą jaźń ✓"
        assert raw.get(prefix + "text") == "zażółć gęślą jaźń ✓".encode()
    finally:
        raw.close()
        text.close()


def test_wrong_type_error_text(r, prefix):
    r.set(prefix + "s", "x")
    with pytest.raises(ResponseError) as e:
        r.lpush(prefix + "s", "a")
    assert str(e.value) == "WRONGTYPE Operation against a key holding the wrong kind of value"


def test_collection_reply_types_are_parsed(r, prefix):
    r.hset(prefix + "h", mapping={"a": "1", "b": "2"})
    assert r.hgetall(prefix + "h") == {b"a": b"1", b"b": b"2"}
    assert r.hincrbyfloat(prefix + "h", "a", 0.25) == 1.25
    r.zadd(prefix + "z", {"x": 1.5, "y": -2})
    assert r.zrange(prefix + "z", 0, -1, withscores=True) == [(b"y", -2.0), (b"x", 1.5)]
    assert r.zscore(prefix + "z", "x") == 1.5
    assert r.zincrby(prefix + "z", 1, "y") == -1.0
    r.sadd(prefix + "s", "m")
    assert r.sismember(prefix + "s", "m") is True
    assert r.smembers(prefix + "s") == {b"m"}
    r.rpush(prefix + "l", "a", "b", "c")
    assert r.lrange(prefix + "l", 0, -1) == [b"a", b"b", b"c"]


def test_info_and_client_list_are_parsed(r, prefix):
    r.set(prefix + "k", "v")
    info = r.info()
    assert info["redis_version"].startswith("7.0")
    assert info["connected_clients"] >= 1
    assert info["db0"]["keys"] >= 1
    assert r.info("keyspace")["db0"]["keys"] == info["db0"]["keys"]
    assert r.dbsize() >= 1
    r.client_setname(prefix.replace(":", "-") + "me")
    names = [c["name"] for c in r.client_list()]
    assert prefix.replace(":", "-") + "me" in names


def test_blocking_pops_wake_up_and_time_out(r, r2, prefix):
    pusher = threading.Timer(0.2, lambda: r2.rpush(prefix + "queue", "job"))
    pusher.start()
    try:
        assert r.blpop([prefix + "empty", prefix + "queue"], timeout=5) == ((prefix + "queue").encode(), b"job")
    finally:
        pusher.join(5)
    started = time.monotonic()
    assert r.blpop(prefix + "queue", timeout=0.2) is None
    assert time.monotonic() - started < 5
    r.zadd(prefix + "z", {"low": 1, "high": 2})
    assert r.bzpopmin(prefix + "z", timeout=1) == ((prefix + "z").encode(), b"low", 1.0)
    assert r.bzpopmax(prefix + "z", timeout=1) == ((prefix + "z").encode(), b"high", 2.0)
    assert r.bzpopmin(prefix + "z", timeout=0.1) is None


def blocked_count(client):
    return sum("b" in c["flags"] for c in client.client_list())


def test_blocked_clients_are_served_in_arrival_order(server, r, prefix):
    queue = prefix + "fifo"
    results = {}
    clients = [make_client(server) for _ in range(3)]

    def wait(i):
        results[i] = clients[i].blpop(queue, timeout=10)

    threads = []
    try:
        for i in range(3):
            t = threading.Thread(target=wait, args=(i,), daemon=True)
            t.start()
            threads.append(t)
            deadline = time.monotonic() + 5  # the next client blocks only after this one is blocked
            while blocked_count(r) < i + 1 and time.monotonic() < deadline:
                time.sleep(0.01)
        for value in ("first", "second", "third"):
            r.rpush(queue, value)  # one push at a time: each wakes the longest-waiting client
        for t in threads:
            t.join(10)
        assert {i: v[1] for i, v in results.items()} == {0: b"first", 1: b"second", 2: b"third"}
    finally:
        for c in clients:
            c.close()


# ---------------------------------------------------------------------------------------------
# Pipelines and transactions
# ---------------------------------------------------------------------------------------------


def test_pipeline_without_transaction_returns_replies_in_order(r, prefix):
    k = prefix + "counter"
    pipe = r.pipeline(transaction=False)
    pipe.set(k, 1).incr(k).incrby(k, 10).get(k).get(prefix + "missing")
    assert pipe.execute() == [True, 2, 12, b"12", None]


def test_pipeline_without_transaction_many_commands(r, prefix):
    pipe = r.pipeline(transaction=False)
    for i in range(2000):
        pipe.set(f"{prefix}{i}", i)
    assert pipe.execute() == [True] * 2000
    values = r.mget([f"{prefix}{i}" for i in range(2000)])
    assert values == [str(i).encode() for i in range(2000)]


def test_pipeline_without_transaction_error_does_not_stop_others(r, prefix):
    r.set(prefix + "str", "abc")
    pipe = r.pipeline(transaction=False)
    pipe.set(prefix + "a", 1).incr(prefix + "str").set(prefix + "b", 2)
    results = pipe.execute(raise_on_error=False)
    assert results[0] is True and results[2] is True
    assert isinstance(results[1], ResponseError)
    assert "value is not an integer or out of range" in str(results[1])
    assert r.mget(prefix + "a", prefix + "b") == [b"1", b"2"]


def test_transaction_pipeline_executes_atomically(r, prefix):
    k = prefix + "k"
    with r.pipeline(transaction=True) as pipe:
        pipe.set(k, "a").append(k, "bc").get(k).strlen(k)
        assert pipe.execute() == [True, 3, b"abc", 3]


def test_transaction_runtime_error_is_reported_in_its_slot(r, prefix):
    r.set(prefix + "str", "abc")
    with r.pipeline(transaction=True) as pipe:
        pipe.set(prefix + "a", "1").incr(prefix + "str").incr(prefix + "a")
        results = pipe.execute(raise_on_error=False)
    assert results[0] is True
    assert isinstance(results[1], ResponseError)
    assert results[2] == 2
    # Commands after a runtime error inside EXEC still ran.
    assert r.get(prefix + "a") == b"2"


def test_transaction_queueing_error_aborts_everything(r, prefix):
    with r.pipeline(transaction=True) as pipe:
        pipe.set(prefix + "a", "1")
        pipe.execute_command("SET", prefix + "b")  # wrong number of arguments: rejected when queued
        with pytest.raises(ResponseError) as e:
            pipe.execute()
    assert "wrong number of arguments for 'set' command" in str(e.value)
    assert r.get(prefix + "a") is None


def test_watch_detects_concurrent_change(r, r2, prefix):
    k = prefix + "balance"
    r.set(k, 100)
    with r.pipeline() as pipe:
        pipe.watch(k)
        balance = int(pipe.get(k))
        r2.set(k, 0)  # another client changes the watched key before EXEC
        pipe.multi()
        pipe.set(k, balance - 30)
        with pytest.raises(WatchError):
            pipe.execute()
    assert r.get(k) == b"0"


def test_watch_without_change_commits(r, prefix):
    k = prefix + "balance"
    r.set(k, 100)
    with r.pipeline() as pipe:
        pipe.watch(k)
        balance = int(pipe.get(k))
        pipe.multi()
        pipe.set(k, balance - 30)
        assert pipe.execute() == [True]
    assert r.get(k) == b"70"


def test_transaction_helper_retries_after_watch_error(r, r2, prefix):
    k = prefix + "counter"
    other = prefix + "other"
    r.set(k, 5)
    attempts = []

    def work(pipe):
        attempts.append(1)
        value = int(pipe.get(k))
        if len(attempts) == 1:
            r2.incr(k)  # breaks the first attempt
        pipe.multi()
        pipe.set(k, value * 2)
        pipe.set(other, len(attempts))

    result = r.transaction(work, k, value_from_callable=False)
    assert result == [True, True]
    assert len(attempts) == 2
    assert r.get(k) == b"12"  # (5 + 1) * 2: the retry saw the other client's increment
    assert r.get(other) == b"2"


def test_transaction_helper_watch_delay_and_value_from_callable(r, prefix):
    k = prefix + "k"
    r.set(k, "x")

    def work(pipe):
        current = pipe.get(k)
        pipe.multi()
        pipe.append(k, "y")
        return current

    assert r.transaction(work, k, value_from_callable=True, watch_delay=0.01) == b"x"
    assert r.get(k) == b"xy"


def test_watched_key_expiring_aborts_exec(r, prefix):
    k = prefix + "volatile"
    r.set(k, "v", px=100)
    with r.pipeline() as pipe:
        pipe.watch(k)
        time.sleep(0.25)
        pipe.multi()
        pipe.set(prefix + "other", "x")
        with pytest.raises(WatchError):
            pipe.execute()
    assert r.get(prefix + "other") is None


def test_large_values_and_large_pipelines(r, prefix):
    big = bytes(range(256)) * (8 * 4096)  # 8 MiB
    assert r.set(prefix + "big", big) is True
    assert r.get(prefix + "big") == big
    chunk = b"x" * 65536
    pipe = r.pipeline(transaction=False)
    for i in range(100):
        pipe.set(f"{prefix}chunk:{i}", chunk)
        pipe.get(f"{prefix}chunk:{i}")
    results = pipe.execute()
    assert results == [True, chunk] * 100


def test_concurrent_clients_increment_exactly(server, prefix):
    pool = redis.ConnectionPool(host=server.host, port=server.port, socket_timeout=10, max_connections=8)
    errors = []

    def worker():
        client = redis.Redis(connection_pool=pool)
        try:
            for _ in range(300):
                client.incr(prefix + "counter")
                client.rpush(prefix + "log", 1)
        except Exception as e:  # reported below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert not errors
        assert not any(t.is_alive() for t in threads)
        client = redis.Redis(connection_pool=pool)
        assert client.get(prefix + "counter") == b"2400"
        assert client.llen(prefix + "log") == 2400
    finally:
        pool.disconnect()


# ---------------------------------------------------------------------------------------------
# Pub/sub
# ---------------------------------------------------------------------------------------------


def test_subscribe_and_get_message(r, prefix):
    ch = prefix + "chan"
    p = r.pubsub()
    try:
        p.subscribe(ch)
        confirm = next_message(p)
        assert confirm == {"type": "subscribe", "pattern": None, "channel": ch.encode(), "data": 1}
        assert r.publish(ch, "hello") == 1
        msg = next_message(p)
        assert msg == {"type": "message", "pattern": None, "channel": ch.encode(), "data": b"hello"}
        assert r.publish(prefix + "other", "nobody") == 0
        p.unsubscribe(ch)
        assert next_message(p)["type"] == "unsubscribe"
        assert r.publish(ch, "after") == 0
        assert p.get_message(timeout=0.2) is None
    finally:
        p.close()


def test_psubscribe_receives_pmessage(r, prefix):
    p = r.pubsub(ignore_subscribe_messages=True)
    try:
        p.psubscribe(prefix + "news.*")
        # The confirmation is swallowed; wait until the server counts the pattern.
        deadline = time.monotonic() + 5
        while r.pubsub_numpat() < 1 and time.monotonic() < deadline:
            p.get_message(timeout=0.05)
        assert r.publish(prefix + "news.sport", "goal") == 1
        msg = next_message(p)
        assert msg["type"] == "pmessage"
        assert msg["pattern"] == (prefix + "news.*").encode()
        assert msg["channel"] == (prefix + "news.sport").encode()
        assert msg["data"] == b"goal"
        assert r.publish(prefix + "weather.today", "rain") == 0
        # A channel subscription matching too: the message arrives once per subscription.
        p.subscribe(prefix + "news.sport")
        while r.pubsub_numsub(prefix + "news.sport")[0][1] < 1 and time.monotonic() < deadline + 5:
            p.get_message(timeout=0.05)
        assert r.publish(prefix + "news.sport", "again") == 2
        kinds = sorted(next_message(p)["type"] for _ in range(2))
        assert kinds == ["message", "pmessage"]
    finally:
        p.close()


def test_pubsub_introspection(r, prefix):
    p = r.pubsub()
    try:
        p.subscribe(prefix + "a", prefix + "b")
        assert next_message(p)["data"] == 1
        assert next_message(p)["data"] == 2
        assert sorted(r.pubsub_channels(prefix + "*")) == [(prefix + "a").encode(), (prefix + "b").encode()]
        assert r.pubsub_numsub(prefix + "a", prefix + "zzz") == [((prefix + "a").encode(), 1), ((prefix + "zzz").encode(), 0)]
    finally:
        p.close()


def test_pubsub_run_in_thread_calls_handlers(r, prefix):
    ch = prefix + "events"
    received = []
    done = threading.Event()

    def handler(message):
        received.append(message["data"])
        if len(received) == 3:
            done.set()

    p = r.pubsub()
    p.subscribe(**{ch: handler})
    thread = p.run_in_thread(sleep_time=0.05, daemon=True)
    try:
        deadline = time.monotonic() + 5
        while r.pubsub_numsub(ch)[0][1] < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        for i in range(3):
            assert r.publish(ch, f"m{i}") == 1
        assert done.wait(5), f"handler saw only {received}"
        assert received == [b"m0", b"m1", b"m2"]
    finally:
        thread.stop()
        thread.join(5)
        p.close()
    assert not thread.is_alive()


def test_pubsub_decode_responses(server, prefix):
    c = make_client(server, decode_responses=True)
    p = c.pubsub(ignore_subscribe_messages=True)
    try:
        p.subscribe(prefix + "ch")
        deadline = time.monotonic() + 5
        while c.pubsub_numsub(prefix + "ch")[0][1] < 1 and time.monotonic() < deadline:
            p.get_message(timeout=0.05)
        c.publish(prefix + "ch", "ünïcode")
        msg = next_message(p)
        assert msg["channel"] == prefix + "ch"
        assert msg["data"] == "ünïcode"
    finally:
        p.close()
        c.close()


def test_pubsub_health_checks_while_subscribed(server, prefix):
    # With health_check_interval, redis-py PINGs an idle subscribed connection itself and expects
    # the subscribed-mode reply ["pong", "redis-py-health-check"].
    c = make_client(server, health_check_interval=0.1)
    p = c.pubsub(ignore_subscribe_messages=True)
    try:
        p.subscribe(prefix + "ch")
        for _ in range(3):
            time.sleep(0.25)
            assert p.get_message(timeout=0.1) is None
        assert c.publish(prefix + "ch", "still here") == 1
        assert next_message(p)["data"] == b"still here"
    finally:
        p.close()
        c.close()


def test_pubsub_ping_in_subscribed_mode(r, prefix):
    p = r.pubsub()
    try:
        p.subscribe(prefix + "ch")
        assert next_message(p)["type"] == "subscribe"
        p.ping("hi")  # RESP2 subscribed mode: PING replies ["pong", "hi"], delivered as a message
        assert next_message(p) == {"type": "pong", "pattern": None, "channel": None, "data": b"hi"}
    finally:
        p.close()


def test_keyspace_notifications(r, prefix):
    old = r.config_get("notify-keyspace-events")["notify-keyspace-events"]
    r.config_set("notify-keyspace-events", "KEA")
    p = r.pubsub(ignore_subscribe_messages=True)
    try:
        p.psubscribe("__keyspace@0__:" + prefix + "*")
        deadline = time.monotonic() + 5
        while r.pubsub_numpat() < 1 and time.monotonic() < deadline:
            p.get_message(timeout=0.05)
        r.set(prefix + "k", "v", px=100)
        event = next_message(p)
        assert event["channel"] == ("__keyspace@0__:" + prefix + "k").encode()
        assert event["data"] == b"set"
        assert next_message(p)["data"] == b"expire"  # SET with PX also fires "expire"
        # The expired event comes from lazy or active expiry; GET forces the lazy one.
        time.sleep(0.2)
        r.get(prefix + "k")
        assert next_message(p)["data"] == b"expired"
    finally:
        p.close()
        r.config_set("notify-keyspace-events", old)


# ---------------------------------------------------------------------------------------------
# Scripts
# ---------------------------------------------------------------------------------------------

INCR_SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])"


def test_register_script_runs_by_sha(r, prefix):
    script = r.register_script(INCR_SCRIPT)
    assert script.sha == hashlib.sha1(INCR_SCRIPT.encode()).hexdigest()
    assert script(keys=[prefix + "n"], args=[5]) == 5
    assert script(keys=[prefix + "n"], args=[2]) == 7
    assert r.script_exists(script.sha) == [True]


def test_script_falls_back_to_eval_after_script_flush(r, prefix):
    script = r.register_script(INCR_SCRIPT)
    assert script(keys=[prefix + "n"], args=[1]) == 1
    r.script_flush()
    assert r.script_exists(script.sha) == [False]
    with pytest.raises(NoScriptError):
        r.evalsha(script.sha, 1, prefix + "n", 1)
    # The Script object catches NOSCRIPT, loads the script again and retries.
    assert script(keys=[prefix + "n"], args=[1]) == 2
    assert r.script_exists(script.sha) == [True]


def test_script_in_pipeline_is_loaded_first(r, prefix):
    script = r.register_script(INCR_SCRIPT)
    r.script_flush()
    pipe = r.pipeline()
    script(keys=[prefix + "n"], args=[3], client=pipe)
    pipe.get(prefix + "n")
    script(keys=[prefix + "n"], args=[4], client=pipe)
    assert pipe.execute() == [3, b"3", 7]


def test_script_reply_conversions_and_errors(r, prefix):
    r.set(prefix + "k", "v")
    assert r.eval("return {1, 'two', {3, false}, 3.99}", 0) == [1, b"two", [3, None], 3]
    assert r.eval("return redis.status_reply('FINE')", 0) == b"FINE"
    assert r.eval("return redis.call('GET', KEYS[1])", 1, prefix + "k") == b"v"
    assert r.eval("return redis.call('GET', KEYS[1])", 1, prefix + "missing") is None
    with pytest.raises(ResponseError) as e:
        r.eval("return redis.error_reply('MYERR custom failure')", 0)
    assert str(e.value) == "MYERR custom failure"


# ---------------------------------------------------------------------------------------------
# Locks (SET NX PX plus Lua release/extend/reacquire)
# ---------------------------------------------------------------------------------------------


def test_lock_acquire_release(r, r2, prefix):
    name = prefix + "lock"
    lock = r.lock(name, timeout=10)
    other = r2.lock(name, timeout=10)
    assert lock.acquire(blocking=False) is True
    assert lock.locked() and lock.owned()
    assert other.acquire(blocking=False) is False
    assert not other.owned()
    lock.release()
    assert not lock.locked()
    assert other.acquire(blocking=False) is True
    other.release()


def test_lock_blocking_acquire_times_out(r, r2, prefix):
    name = prefix + "lock"
    holder = r.lock(name, timeout=10)
    assert holder.acquire(blocking=False)
    waiter = r2.lock(name, timeout=10, sleep=0.05)
    started = time.monotonic()
    assert waiter.acquire(blocking=True, blocking_timeout=0.3) is False
    assert time.monotonic() - started < 5
    holder.release()


def test_lock_blocking_acquire_succeeds_when_released(r, r2, prefix):
    name = prefix + "lock"
    holder = r.lock(name, timeout=10, thread_local=False)  # released from the timer's thread
    assert holder.acquire(blocking=False)
    releaser = threading.Timer(0.2, holder.release)
    releaser.start()
    try:
        waiter = r2.lock(name, timeout=10, sleep=0.05)
        assert waiter.acquire(blocking=True, blocking_timeout=5) is True
        assert not holder.owned()
        waiter.release()
    finally:
        releaser.join(5)


def test_lock_extend_and_reacquire(r, prefix):
    name = prefix + "lock"
    lock = r.lock(name, timeout=2)
    assert lock.acquire(blocking=False)
    assert 0 < r.pttl(name) <= 2000
    assert lock.extend(10) is True
    assert 10000 < r.pttl(name) <= 12000
    assert lock.extend(5, replace_ttl=True) is True
    assert 4000 < r.pttl(name) <= 5000
    assert lock.reacquire() is True
    assert 1000 < r.pttl(name) <= 2000
    lock.release()
    with pytest.raises(LockError):
        lock.extend(1)


def test_lock_expires_and_release_by_old_owner_fails(r, r2, prefix):
    name = prefix + "lock"
    first = r.lock(name, timeout=0.2)
    assert first.acquire(blocking=False)
    time.sleep(0.4)
    second = r2.lock(name, timeout=10)
    assert second.acquire(blocking=False) is True
    with pytest.raises(LockNotOwnedError):
        first.release()
    assert second.owned()
    second.release()


def test_lock_as_context_manager(r, r2, prefix):
    name = prefix + "lock"
    with r.lock(name, timeout=5, blocking_timeout=1):
        assert r2.get(name) is not None
        assert r2.lock(name).acquire(blocking=False) is False
    assert r2.get(name) is None


# ---------------------------------------------------------------------------------------------
# SCAN family iterators
# ---------------------------------------------------------------------------------------------


def test_scan_iter_with_match(r, prefix):
    wanted = {f"{prefix}a:{i}".encode() for i in range(40)}
    others = {f"{prefix}b:{i}".encode() for i in range(40)}
    r.mset({k: 1 for k in wanted | others})
    found = list(r.scan_iter(match=prefix + "a:*", count=7))  # SCAN may repeat keys, never miss one
    assert set(found) == wanted
    assert set(r.scan_iter(match=prefix + "*", count=1000)) == wanted | others
    assert list(r.scan_iter(match=prefix + "nothing:*")) == []


def test_scan_returns_keys_present_throughout_despite_changes(r, r2, prefix):
    stable = {f"{prefix}stable:{i}".encode() for i in range(1500)}
    doomed = [f"{prefix}doomed:{i}" for i in range(1500)]
    r.mset({k: 1 for k in stable})
    r.mset({k: 1 for k in doomed})
    found = set()
    for n, key in enumerate(r.scan_iter(match=prefix + "*", count=50)):
        found.add(key)
        if n == 300:
            # Mid-scan: drop half the keys and add many more, so the table shrinks and grows.
            r2.delete(*doomed)
            r2.mset({f"{prefix}new:{i}": 1 for i in range(4000)})
    assert stable <= found


def test_hscan_large_hash_under_changes(r, r2, prefix):
    h = prefix + "h"
    r.hset(h, mapping={f"keep{i}": i for i in range(1000)})
    r.hset(h, mapping={f"drop{i}": i for i in range(1000)})
    seen = set()
    for n, (field, _) in enumerate(r.hscan_iter(h, count=20)):
        seen.add(field)
        if n == 200:
            r2.hdel(h, *[f"drop{i}" for i in range(1000)])
            r2.hset(h, mapping={f"add{i}": i for i in range(3000)})
    assert {f"keep{i}".encode() for i in range(1000)} <= seen


def test_scan_iter_with_type(r, prefix):
    r.set(prefix + "str", "v")
    r.rpush(prefix + "list", "x")
    assert set(r.scan_iter(match=prefix + "*", _type="list")) == {(prefix + "list").encode()}
    assert set(r.scan_iter(match=prefix + "*", _type="string")) == {(prefix + "str").encode()}


def test_hscan_sscan_zscan_iter(r, prefix):
    r.hset(prefix + "h", mapping={f"f{i}": i for i in range(30)})
    r.sadd(prefix + "s", *[f"m{i}" for i in range(30)])
    r.zadd(prefix + "z", {f"m{i}": i for i in range(30)})
    assert dict(r.hscan_iter(prefix + "h", match="f1*", count=5)) == {
        f"f{i}".encode(): str(i).encode() for i in [1] + list(range(10, 20))
    }
    assert set(r.sscan_iter(prefix + "s", match="m2*", count=5)) == {
        f"m{i}".encode() for i in [2] + list(range(20, 30))
    }
    assert sorted(r.zscan_iter(prefix + "z", match="m1?", count=5), key=lambda x: x[1]) == [
        (f"m{i}".encode(), float(i)) for i in range(10, 20)
    ]
