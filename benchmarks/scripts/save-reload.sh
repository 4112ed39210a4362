#!/usr/bin/env bash
# SAVE and DEBUG RELOAD side by side with Redis: for each of PROCESSES rounds, starts a fresh redis-server
# and a fresh KvServer (alternating), fills each with the dataset (DATASET=list by default: one
# 1,000,000-element list, RPUSH "element:N" from EVAL, as rdb-save.sh does; hash, zset: the same with
# HSET field:N value:N and ZADD 1.5*N member:N; keys: DEBUG POPULATE 1000000), then times COUNT synchronous
# SAVEs in a row and COUNT DEBUG RELOADs (save, empty, load) over one connection (no client start-up in the
# times; the first ones of a process include its warm-up). Prints one line per process and command with
# every wall time in ms.
# Usage (from the repository root, after a Release build):
#   benchmarks/scripts/save-reload.sh [PROCESSES=2] [COUNT=8] [candidate dll]   (PORT_BASE=7150: uses 2 ports)
#   DATASET=keys benchmarks/scripts/save-reload.sh 2 5
set -euo pipefail
processes="${1:-2}"
count="${2:-8}"
dll="${3:-src/KvServer/bin/Release/net10.0/KvServer.dll}"
base="${PORT_BASE:-7150}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dataset="${DATASET:-list}"
case "$dataset" in
    list) fill='for i=1,1000000 do redis.call("RPUSH", KEYS[1], "element:" .. i) end' ;;
    hash) fill='for i=1,1000000 do redis.call("HSET", KEYS[1], "field:" .. i, "value:" .. i) end' ;;
    zset) fill='for i=1,1000000 do redis.call("ZADD", KEYS[1], i * 1.5, "member:" .. i) end' ;;
    keys) fill='' ;;
    *) echo "DATASET is one of list, hash, zset, keys" >&2; exit 2 ;;
esac

times_ms() { # port count command... -> the wall ms of each call, over one connection
    /usr/bin/python3 - "$@" <<'PY'
import socket, sys, time
port, count, args = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
request = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a.encode()) for a in args)
s = socket.create_connection(("127.0.0.1", port))
times = []
for _ in range(count):
    start = time.perf_counter()
    s.sendall(request)
    reply = b""
    while not reply.endswith(b"\r\n"):
        reply += s.recv(4096)
    if not reply.startswith(b"+OK"):
        sys.exit("unexpected reply: %r" % reply)
    times.append((time.perf_counter() - start) * 1000)
print(" ".join("%.0f" % t for t in times))
PY
}

run() { # redis|kvserver
    local port dir="$work/$1"
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$1" = redis ]; then
        port=$base
        redis-server --port "$port" --save '' --dir "$dir" --enable-debug-command yes --logfile "$dir/log" --daemonize no &
    else
        port=$((base + 1))
        dotnet "$dll" --port "$port" --save '' --dir "$dir" --enable-debug-command yes >"$dir/log" 2>&1 &
    fi
    pid=$!
    until redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; do sleep 0.1; done
    if [ -n "$fill" ]; then redis-cli -p "$port" EVAL "$fill" 1 "big$dataset" >/dev/null
    else redis-cli -p "$port" DEBUG POPULATE 1000000 >/dev/null; fi
    printf '| %s | SAVE | %s | %s |\n' "$1" "$(times_ms "$port" "$count" SAVE)" "$(stat -c %s "$dir/dump.rdb")"
    printf '| %s | DEBUG RELOAD | %s | |\n' "$1" "$(times_ms "$port" "$count" DEBUG RELOAD)"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

printf '| server (%s) | command | ms, 1st to %sth | file bytes |\n|---|---|---|---:|\n' "$dataset" "$count"
for _ in $(seq "$processes"); do
    run redis
    run kvserver
done
