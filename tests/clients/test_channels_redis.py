"""channels_redis 4.0 (Django Channels 4.0 layers) against the server.

RedisChannelLayer keeps each channel in a sorted set (ZADD, ZCOUNT, ZREMRANGEBYSCORE, EXPIRE),
receives with BZPOPMIN plus a Lua-managed in-flight backup set, and sends to groups with one Lua
script per shard. RedisPubSubChannelLayer maps channels and groups onto SUBSCRIBE/PUBLISH.

Every coroutine runs under asyncio.wait_for, so a missing reply fails the test instead of hanging.
No test abandons a receive() half way: redis-py 4.3's asyncio client would put a connection that still
waits for a BZPOPMIN reply back into its pool.
"""

import asyncio
import contextlib
import time

import pytest
from channels.exceptions import ChannelFull
from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

from conftest import make_client

TEST_TIMEOUT_S = 30


def run(body, timeout=TEST_TIMEOUT_S):
    """Runs the coroutine function on a new event loop, bounded by `timeout` seconds."""

    async def bounded():
        return await asyncio.wait_for(body(), timeout)

    return asyncio.run(bounded())


async def receive(layer, channel, timeout=10):
    return await asyncio.wait_for(layer.receive(channel), timeout)


# Socket timeouts (longer than the layer's 5 s BZPOPMIN) so a server that never answers fails a read
# instead of leaving a clean-up coroutine waiting forever.
SOCKET_OPTIONS = {"socket_timeout": 10, "socket_connect_timeout": 5}
URL_OPTIONS = "?socket_timeout=10&socket_connect_timeout=5"


def host_dict(server):
    return {"host": server.host, "port": server.port, **SOCKET_OPTIONS}


@contextlib.asynccontextmanager
async def core_layer(server, prefix, **kwargs):
    kwargs.setdefault("hosts", [host_dict(server)])
    layer = RedisChannelLayer(prefix=prefix, **kwargs)
    try:
        yield layer
    finally:
        await layer.close_pools()


@contextlib.asynccontextmanager
async def pubsub_layer(server, prefix, **kwargs):
    layer = RedisPubSubChannelLayer(hosts=[server.url + URL_OPTIONS], prefix=prefix, **kwargs)
    try:
        yield layer
    finally:
        await layer.flush()  # also cancels the reader task and closes the connections


# ---------------------------------------------------------------------------------------------
# RedisChannelLayer
# ---------------------------------------------------------------------------------------------


def test_core_send_receive(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            message = {"type": "test.message", "text": "hello", "n": 42, "raw": b"\x00\xff", "nested": [1, {"a": None}]}
            await layer.send("test-channel", message)
            assert await receive(layer, "test-channel") == message

    run(body)


def test_core_messages_keep_send_order(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            for i in range(5):
                await layer.send("ordered", {"type": "m", "i": i})
            assert [(await receive(layer, "ordered"))["i"] for _ in range(5)] == [0, 1, 2, 3, 4]

    run(body)


def test_core_receive_waits_for_later_send(server, prefix):
    async def body():
        async with core_layer(server, prefix) as sender, core_layer(server, prefix) as receiver:
            waiting = asyncio.ensure_future(receive(receiver, "later"))
            await asyncio.sleep(0.3)  # the receiver is now blocked in BZPOPMIN
            if waiting.done():
                waiting.result()  # raises the receive's own error, if that is why it ended
            assert not waiting.done(), f"receive() returned before any send: {waiting.result()}"
            await sender.send("later", {"type": "late.message"})
            assert await waiting == {"type": "late.message"}

    run(body)


def test_core_competing_receivers_lose_no_message(server, prefix):
    # Receivers in two layers share the channel's in-flight backup set, and each receive() first
    # moves that set back into the queue: a message the other layer has just popped can come out
    # twice. channels_redis promises no message is lost, not exactly-once delivery here.
    async def body():
        async with core_layer(server, prefix) as a, core_layer(server, prefix) as b, core_layer(
            server, prefix
        ) as sender:
            got = []

            async def consume(layer):
                while True:  # until a stop message
                    message = await receive(layer, "work")
                    got.append(message["i"])
                    if message["i"] < 0:
                        return

            consumers = [asyncio.ensure_future(consume(a)), asyncio.ensure_future(consume(b))]
            for i in range(20):
                await sender.send("work", {"type": "job", "i": i})
            while len({i for i in got if i >= 0}) < 20:
                await asyncio.sleep(0.02)
            await sender.send("work", {"type": "job", "i": -1})
            await sender.send("work", {"type": "job", "i": -2})
            await asyncio.gather(*consumers)
            assert {i for i in got if i >= 0} == set(range(20))

    run(body)


def test_core_new_channel_is_process_local(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            first = await layer.new_channel()
            second = await layer.new_channel()
            assert "!" in first and first != second
            await layer.send(first, {"type": "to.first"})
            await layer.send(second, {"type": "to.second"})
            # Reading the second first buffers the first's message in-process.
            assert await receive(layer, second) == {"type": "to.second"}
            assert await receive(layer, first) == {"type": "to.first"}

    run(body)


def test_core_groups_add_send_discard(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            channels = [await layer.new_channel() for _ in range(3)]
            for ch in channels:
                await layer.group_add("room", ch)
            await layer.group_send("room", {"type": "chat", "text": "all"})
            for ch in channels:
                assert await receive(layer, ch) == {"type": "chat", "text": "all"}
            await layer.group_discard("room", channels[2])
            await layer.group_discard("room", "never-added")  # no error
            await layer.group_send("room", {"type": "chat", "text": "two"})
            await layer.send(channels[2], {"type": "sentinel"})
            assert await receive(layer, channels[0]) == {"type": "chat", "text": "two"}
            assert await receive(layer, channels[1]) == {"type": "chat", "text": "two"}
            assert await receive(layer, channels[2]) == {"type": "sentinel"}

    run(body)


def test_core_group_send_to_many_channels(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            local = [await layer.new_channel() for _ in range(15)]
            named = [f"worker-{i}" for i in range(10)]
            for ch in local + named:
                await layer.group_add("broadcast", ch)
            await layer.group_send("broadcast", {"type": "tick"})
            for ch in local + named:
                assert await receive(layer, ch) == {"type": "tick"}

    run(body)


def test_core_channel_expiry_drops_old_messages(server, prefix):
    async def body():
        async with core_layer(server, prefix, expiry=1) as layer:
            await layer.send("expiring", {"type": "old"})
            await asyncio.sleep(1.6)
            await layer.send("expiring", {"type": "new"})
            assert await receive(layer, "expiring") == {"type": "new"}

    run(body)


def test_core_group_expiry_drops_old_members(server, prefix):
    async def body():
        async with core_layer(server, prefix, group_expiry=1) as layer:
            ch = await layer.new_channel()
            await layer.group_add("short-lived", ch)
            await asyncio.sleep(1.6)
            await layer.group_send("short-lived", {"type": "too.late"})
            await layer.send(ch, {"type": "sentinel"})
            assert await receive(layer, ch) == {"type": "sentinel"}

    run(body)


def test_core_capacity_raises_channel_full(server, prefix):
    async def body():
        async with core_layer(server, prefix, capacity=3) as layer:
            for i in range(3):
                await layer.send("bounded", {"type": "m", "i": i})
            with pytest.raises(ChannelFull):
                await layer.send("bounded", {"type": "m", "i": 3})
            assert (await receive(layer, "bounded"))["i"] == 0
            await layer.send("bounded", {"type": "m", "i": 4})  # room again
            assert [(await receive(layer, "bounded"))["i"] for _ in range(3)] == [1, 2, 4]

    run(body)


def test_core_channel_capacity_patterns(server, prefix):
    async def body():
        async with core_layer(server, prefix, capacity=5, channel_capacity={"tiny.*": 1}) as layer:
            await layer.send("tiny.one", {"type": "m"})
            with pytest.raises(ChannelFull):
                await layer.send("tiny.one", {"type": "m"})
            for _ in range(5):
                await layer.send("roomy", {"type": "m"})
            with pytest.raises(ChannelFull):
                await layer.send("roomy", {"type": "m"})

    run(body)


def test_core_group_send_skips_full_channels(server, prefix):
    async def body():
        async with core_layer(server, prefix, capacity=2) as layer:
            # Named channels: all process-local channels of one layer share a single sorted set.
            full = "full-channel"
            free = "free-channel"
            await layer.group_add("g", full)
            await layer.group_add("g", free)
            await layer.send(full, {"type": "m", "i": 1})
            await layer.send(full, {"type": "m", "i": 2})
            await layer.group_send("g", {"type": "m", "i": 3})  # no ChannelFull from group_send
            assert await receive(layer, free) == {"type": "m", "i": 3}
            assert (await receive(layer, full))["i"] == 1
            assert (await receive(layer, full))["i"] == 2
            await layer.send(full, {"type": "sentinel"})
            assert await receive(layer, full) == {"type": "sentinel"}

    run(body)


def test_core_layers_sharing_one_server(server, prefix):
    async def body():
        async with core_layer(server, prefix) as a, core_layer(server, prefix) as b, core_layer(
            server, prefix + "other:"
        ) as isolated:
            # Same prefix: one layer's send reaches the other's receive, groups are shared.
            await a.send("shared", {"type": "from.a"})
            assert await receive(b, "shared") == {"type": "from.a"}
            ch_a = await a.new_channel()
            ch_b = await b.new_channel()
            await a.group_add("both", ch_a)
            await b.group_add("both", ch_b)
            await isolated.group_send("both", {"type": "wrong.prefix"})
            await a.group_send("both", {"type": "to.both"})
            assert await receive(a, ch_a) == {"type": "to.both"}
            assert await receive(b, ch_b) == {"type": "to.both"}
            # Another prefix: same channel name, separate queue.
            await a.send("shared", {"type": "for.a.prefix"})
            await isolated.send("shared", {"type": "for.isolated"})
            assert await receive(isolated, "shared") == {"type": "for.isolated"}
            assert await receive(b, "shared") == {"type": "for.a.prefix"}

    run(body)


def test_core_sharded_over_two_host_entries(server, prefix):
    async def body():
        hosts = [server.url + URL_OPTIONS, host_dict(server)]
        async with core_layer(server, prefix, hosts=hosts) as layer:
            channels = [await layer.new_channel() for _ in range(6)]
            for ch in channels:
                await layer.group_add("sharded", ch)
            await layer.group_send("sharded", {"type": "s"})
            for ch in channels:
                assert await receive(layer, ch) == {"type": "s"}
            for i in range(4):
                await layer.send("plain", {"type": "p", "i": i})
            received = sorted([(await receive(layer, "plain"))["i"] for _ in range(4)])
            assert received == [0, 1, 2, 3]

    run(body)


def test_core_flush_deletes_everything_under_prefix(server, prefix):
    async def body():
        async with core_layer(server, prefix) as layer:
            await layer.send("a", {"type": "m"})
            await layer.send("b", {"type": "m"})
            await layer.group_add("g", "a")
            await layer.flush()
            await layer.send("a", {"type": "after.flush"})
            assert await receive(layer, "a") == {"type": "after.flush"}

    run(body)
    client = make_client(server)
    try:
        remaining = sorted(client.keys(prefix + "*"))
    finally:
        client.close()
    # The receive emptied the channel and its in-flight backup set, so both keys are gone too.
    assert remaining == []


# ---------------------------------------------------------------------------------------------
# RedisPubSubChannelLayer
# ---------------------------------------------------------------------------------------------


async def wait_subscribed(server, channel, count=1, timeout=5):
    """Waits until the server counts `count` subscribers of `channel` (pub/sub drops earlier sends)."""
    client = make_client(server)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if client.pubsub_numsub(channel)[0][1] >= count:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"{channel} never reached {count} subscribers")
    finally:
        client.close()


def test_pubsub_send_receive_new_channel(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as layer:
            ch = await layer.new_channel()
            assert ch.startswith(prefix)
            # new_channel does not wait for SUBSCRIBE's confirmation; a PUBLISH on another connection can
            # overtake it (on Redis too), so every test waits until its subscriptions are visible.
            await wait_subscribed(server, ch)
            message = {"type": "test.message", "text": "hi", "data": b"\x01\x02", "list": [1, 2]}
            await layer.send(ch, message)
            assert await receive(layer, ch) == message
            await layer.send(ch, {"type": "second"})
            assert await receive(layer, ch) == {"type": "second"}

    run(body)


def test_pubsub_receive_on_named_channel(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as receiver, pubsub_layer(server, prefix) as sender:
            channel = prefix + "named"
            waiting = asyncio.ensure_future(receive(receiver, channel))
            await wait_subscribed(server, channel)
            await sender.send(channel, {"type": "named.message"})
            assert await waiting == {"type": "named.message"}

    run(body)


def test_pubsub_groups(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as layer:
            channels = [await layer.new_channel() for _ in range(3)]
            for ch in channels:
                await layer.group_add("room", ch)
            for name in [*channels, f"{prefix}__group__room"]:
                await wait_subscribed(server, name)
            await layer.group_send("room", {"type": "chat", "text": "all"})
            for ch in channels:
                assert await receive(layer, ch) == {"type": "chat", "text": "all"}
            await layer.group_discard("room", channels[2])
            await layer.group_send("room", {"type": "chat", "text": "two"})
            await layer.send(channels[2], {"type": "sentinel"})
            assert await receive(layer, channels[0]) == {"type": "chat", "text": "two"}
            assert await receive(layer, channels[1]) == {"type": "chat", "text": "two"}
            assert await receive(layer, channels[2]) == {"type": "sentinel"}

    run(body)


def test_pubsub_group_discard_last_member_unsubscribes(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as layer:
            ch = await layer.new_channel()
            await layer.group_add("solo", ch)
            group_channel = f"{prefix}__group__solo"
            await wait_subscribed(server, group_channel)
            await layer.group_discard("solo", ch)
            # UNSUBSCRIBE is sent without waiting for its confirmation either: poll (bounded) for the count.
            client = make_client(server)
            try:
                deadline = time.monotonic() + 5
                while client.pubsub_numsub(group_channel)[0][1] != 0 and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
                assert client.pubsub_numsub(group_channel) == [(group_channel.encode(), 0)]
            finally:
                client.close()

    run(body)


def test_pubsub_layers_sharing_one_server(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as a, pubsub_layer(server, prefix) as b, pubsub_layer(
            server, prefix
        ) as c:
            ch_a = await a.new_channel()
            ch_b = await b.new_channel()
            await wait_subscribed(server, ch_a)
            await wait_subscribed(server, ch_b)
            await b.send(ch_a, {"type": "b.to.a"})
            assert await receive(a, ch_a) == {"type": "b.to.a"}
            await a.group_add("both", ch_a)
            await b.group_add("both", ch_b)
            await wait_subscribed(server, f"{prefix}__group__both", count=2)
            await c.group_send("both", {"type": "from.c"})
            assert await receive(a, ch_a) == {"type": "from.c"}
            assert await receive(b, ch_b) == {"type": "from.c"}

    run(body)


def test_pubsub_flush_resets_and_layer_is_reusable(server, prefix):
    async def body():
        async with pubsub_layer(server, prefix) as layer:
            ch = await layer.new_channel()
            await layer.flush()
            client = make_client(server)
            try:
                deadline = time.monotonic() + 5
                while client.pubsub_numsub(ch)[0][1] != 0 and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
                assert client.pubsub_numsub(ch) == [(ch.encode(), 0)]
            finally:
                client.close()
            fresh = await layer.new_channel()
            # new_channel sends SUBSCRIBE on a new connection without waiting for its confirmation; a
            # PUBLISH racing it on another connection may be processed first (on Redis too), so wait until
            # the subscription is visible before sending.
            client = make_client(server)
            try:
                deadline = time.monotonic() + 5
                while client.pubsub_numsub(fresh)[0][1] == 0 and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
            finally:
                client.close()
            await layer.send(fresh, {"type": "after.flush"})
            assert await receive(layer, fresh) == {"type": "after.flush"}

    run(body)
