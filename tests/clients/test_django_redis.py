"""django-redis 5.2 as a Django 3.2 cache, and Django's cache session backend on top of it."""

import time

import pytest


def cache_prefix(prefix):
    return prefix.replace(":", "_") + "cache"


@pytest.fixture
def cache(django_configured, server, prefix):
    """A django-redis cache of its own, isolated from other tests by its KEY_PREFIX.

    The prefix holds no ':' because django-redis's keys()/iter_keys() strip "prefix:version:" by
    splitting on the first two colons.
    """
    from django_redis.cache import RedisCache

    backend = RedisCache(
        f"{server.url}/0",
        {
            "KEY_PREFIX": cache_prefix(prefix),
            "TIMEOUT": 300,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 5,
                "SOCKET_TIMEOUT": 10,
            },
        },
    )
    yield backend
    backend.client.get_client().connection_pool.disconnect()


@pytest.fixture
def raw(cache):
    """The redis-py client under the cache, to look at what django-redis really stored."""
    return cache.client.get_client()


# ---------------------------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------------------------


def test_set_get_values_of_many_types(cache):
    values = {
        "int": 42,
        "negative": -7,
        "float": 1.5,
        "str": "zażółć",
        "bytes": b"\x00\r\n\xff",
        "list": [1, "two", {"three": 3}],
        "none-like": "",
    }
    for key, value in values.items():
        assert cache.set(key, value) is True
    for key, value in values.items():
        assert cache.get(key) == value
    assert cache.get("missing") is None
    assert cache.get("missing", default="fallback") == "fallback"


def test_set_stores_prefixed_key_with_px_timeout(cache, raw, prefix):
    cache.set("k", 123, timeout=100)
    stored_key = f"{cache_prefix(prefix)}:1:k".encode()
    assert raw.get(stored_key) == b"123"  # integers are stored as plain numbers, not pickled
    assert 99000 < raw.pttl(stored_key) <= 100000


def test_set_with_timeouts(cache):
    cache.set("forever", 1, timeout=None)
    assert cache.ttl("forever") is None
    cache.set("short", 1, timeout=0.3)
    cache.set("default", 1)
    assert 0 <= cache.ttl("short") <= 1
    assert 299 <= cache.ttl("default") <= 300
    assert cache.set("gone", 1, timeout=0) is False  # timeout 0 deletes the key
    assert cache.get("gone") is None
    time.sleep(0.5)
    assert cache.get("short") is None
    assert cache.get("forever") == 1


def test_set_zero_timeout_deletes_existing_key(cache):
    cache.set("k", "v")
    assert cache.set("k", "v2", timeout=0) is True
    assert cache.has_key("k") is False


def test_incr_decr(cache):
    cache.set("n", 10)
    assert cache.incr("n") == 11
    assert cache.incr("n", 5) == 16
    assert cache.decr("n") == 15
    assert cache.decr("n", 20) == -5
    assert cache.get("n") == -5
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.incr("created", 3, ignore_key_check=True) == 3


def test_incr_keeps_ttl(cache):
    cache.set("n", 1, timeout=50)
    cache.incr("n")
    assert 49 <= cache.ttl("n") <= 50


def test_incr_past_64_bits_falls_back_to_python(cache):
    cache.set("big", 2**63 - 1)
    # INCRBY overflows inside the Lua script; django-redis catches the error and does it itself.
    assert cache.incr("big") == 2**63
    assert cache.get("big") == 2**63


def test_ttl_persist_expire(cache):
    assert cache.ttl("missing") == 0
    cache.set("k", "v", timeout=100)
    assert 99 <= cache.ttl("k") <= 100
    assert 99000 <= cache.pttl("k") <= 100000
    assert cache.persist("k") is True
    assert cache.ttl("k") is None
    assert cache.persist("k") is False
    assert cache.expire("k", 50) is True
    assert 49 <= cache.ttl("k") <= 50
    assert cache.pexpire("k", 20000) is True
    assert 19 <= cache.ttl("k") <= 20
    assert cache.expire_at("k", int(time.time()) + 30) is True
    assert 28 <= cache.ttl("k") <= 30
    assert cache.expire("missing", 10) is False


def test_expire_makes_key_disappear(cache):
    cache.set("k", "v", timeout=None)
    assert cache.pexpire("k", 200) is True
    time.sleep(0.4)
    assert cache.get("k") is None
    assert cache.ttl("k") == 0


def test_add_only_when_missing(cache):
    assert cache.add("k", "first") is True
    assert cache.add("k", "second") is False
    assert cache.get("k") == "first"
    cache.set("short", 1, timeout=0.2)
    time.sleep(0.4)
    assert cache.add("short", 2) is True
    assert cache.get("short") == 2


def test_touch(cache):
    cache.set("k", "v", timeout=10)
    assert cache.touch("k", 100) is True
    assert 99 <= cache.ttl("k") <= 100
    assert cache.touch("k", None) is True
    assert cache.ttl("k") is None
    assert cache.touch("missing", 10) is False


def test_get_many_set_many_delete_many(cache):
    cache.set_many({"a": 1, "b": "two", "c": [3]}, timeout=60)
    assert cache.get_many(["a", "b", "c", "missing"]) == {"a": 1, "b": "two", "c": [3]}
    assert 59 <= cache.ttl("b") <= 60
    assert cache.delete_many(["a", "b", "missing"]) == 2
    assert cache.get_many(["a", "b", "c"]) == {"c": [3]}


def test_delete_and_has_key(cache):
    cache.set("k", "v")
    assert cache.has_key("k")
    assert cache.delete("k") is True
    assert not cache.has_key("k")
    assert cache.delete("k") is False


def test_delete_pattern(cache):
    for i in range(25):
        cache.set(f"user_{i}", i)
        cache.set(f"item_{i}", i)
    assert cache.delete_pattern("user_*") == 25
    assert cache.get("user_3") is None
    assert cache.get("item_3") == 3
    assert cache.delete_pattern("user_*") == 0


def test_keys_and_iter_keys(cache):
    for name in ["alpha", "beta", "gamma", "item_1", "item_2"]:
        cache.set(name, name)
    assert sorted(cache.keys("*")) == ["alpha", "beta", "gamma", "item_1", "item_2"]
    assert sorted(cache.keys("item_*")) == ["item_1", "item_2"]
    assert sorted(cache.iter_keys("*a*")) == ["alpha", "beta", "gamma"]
    assert list(cache.iter_keys("nothing*")) == []


def test_incr_version(cache):
    cache.set("k", "v1", timeout=80)
    assert cache.incr_version("k") == 2
    assert cache.get("k") is None
    assert cache.get("k", version=2) == "v1"
    assert 79 <= cache.ttl("k", version=2) <= 80


def test_get_or_set(cache):
    assert cache.get_or_set("k", "computed", timeout=30) == "computed"
    assert cache.get_or_set("k", "other") == "computed"
    assert cache.get_or_set("lazy", lambda: [1, 2]) == [1, 2]
    assert 29 <= cache.ttl("k") <= 30


def test_clear_flushes_its_database_only(django_configured, server, prefix, cache):
    from django_redis.cache import RedisCache

    other_db = RedisCache(f"{server.url}/2", {"KEY_PREFIX": "clear_test", "OPTIONS": {"SOCKET_TIMEOUT": 10}})
    try:
        cache.set("kept", "in db 0")
        other_db.set("a", 1)
        other_db.set("b", 2)
        other_db.clear()  # FLUSHDB on db 2
        assert other_db.get_many(["a", "b"]) == {}
        assert cache.get("kept") == "in db 0"
    finally:
        other_db.client.get_client().connection_pool.disconnect()


def test_cache_lock(cache):
    lock = cache.lock("resource", timeout=5)
    assert lock.acquire(blocking=False) is True
    assert cache.lock("resource").acquire(blocking=False) is False
    lock.release()
    with cache.lock("resource", timeout=5, blocking_timeout=1):
        assert cache.lock("resource").acquire(blocking=True, blocking_timeout=0.2) is False
    assert cache.lock("resource").acquire(blocking=False) is True


# ---------------------------------------------------------------------------------------------
# Sessions (django.contrib.sessions.backends.cache over django-redis)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def SessionStore(django_configured):
    from django.contrib.sessions.backends.cache import SessionStore

    return SessionStore


def test_session_create_and_load(SessionStore):
    session = SessionStore()
    session["user_id"] = 7
    session["cart"] = ["a", "b"]
    session.save()
    key = session.session_key
    assert key
    assert SessionStore().exists(key)
    loaded = SessionStore(session_key=key)
    assert loaded["user_id"] == 7
    assert loaded["cart"] == ["a", "b"]


def test_session_modify(SessionStore):
    session = SessionStore()
    session["count"] = 1
    session.save()
    key = session.session_key
    loaded = SessionStore(session_key=key)
    loaded["count"] += 1
    loaded["extra"] = "yes"
    loaded.save()
    assert loaded.session_key == key
    again = SessionStore(session_key=key)
    assert dict(again.items()) == {"count": 2, "extra": "yes"}


def test_session_unknown_key_gets_new_key(SessionStore):
    session = SessionStore(session_key="x" * 32)
    assert session.load() == {}
    session["a"] = 1
    session.save()
    assert session.session_key != "x" * 32
    assert not SessionStore().exists("x" * 32)


def test_session_expiry(SessionStore):
    from django.core.cache import caches

    session = SessionStore()
    session["a"] = 1
    session.set_expiry(1)
    session.save()
    key = session.session_key
    assert session.get_expiry_age() == 1
    assert 0 <= caches["default"].ttl(session.cache_key) <= 1
    assert SessionStore(session_key=key)["a"] == 1
    time.sleep(1.3)
    assert not SessionStore().exists(key)
    assert SessionStore(session_key=key).load() == {}


def test_session_cycle_key_and_delete(SessionStore):
    session = SessionStore()
    session["a"] = 1
    session.save()
    old = session.session_key
    session.cycle_key()
    new = session.session_key
    assert new != old
    assert not SessionStore().exists(old)
    assert SessionStore(session_key=new)["a"] == 1
    session.delete()
    assert not SessionStore().exists(new)
