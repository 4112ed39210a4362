#!/usr/bin/env bash
# Memory of many small collections, side by side with Redis: loads N hashes, N sets and N sorted sets of
# 10 elements each (one type per fresh server) and prints the VmRSS growth per collection.
# Usage (from the repository root, after a Release build):
#   benchmarks/scripts/collection-memory.sh [N] [candidate dll]
set -euo pipefail
count="${1:-100000}"
dll="${2:-src/KvServer/bin/Release/net10.0/KvServer.dll}"
port_redis=7131
port_candidate=7132
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

generate() { # type -> RESP on stdout
    python3 - "$1" "$count" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
out = sys.stdout.buffer
def cmd(*args):
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
for i in range(n):
    key = b"%s:%08d" % (kind.encode(), i)
    if kind == "hash":
        args = [b"HSET", key]
        for f in range(10):
            args += [b"field%d" % f, b"value%d" % f]
    elif kind == "set":
        args = [b"SADD", key] + [b"member:%d" % m for m in range(10)]
    else:
        args = [b"ZADD", key]
        for m in range(10):
            args += [b"%d" % m, b"member:%d" % m]
    cmd(*args)
PY
}

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

wait_ping() {
    for _ in $(seq 1 100); do
        redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server on $1 did not start" >&2
    exit 2
}

measure() { # name port kind -> bytes per collection
    local name="$1" port="$2" kind="$3" pid
    if [ "$name" = redis ]; then
        redis-server --port "$port" --save '' --appendonly no --dir "$work" >/dev/null 2>&1 &
    else
        dotnet "$dll" --port "$port" --bind 127.0.0.1 --save '' >/dev/null 2>&1 &
    fi
    pid=$!
    pids+=("$pid")
    wait_ping "$port"
    local before after
    before=$(rss "$pid")
    generate "$kind" | redis-cli -p "$port" --pipe >/dev/null
    sleep 1
    after=$(rss "$pid")
    local encoding
    encoding=$(redis-cli -p "$port" object encoding "$kind:00000000")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo "$(( (after - before) * 1024 / count )) $encoding"
}

echo "| type (10 elements) | redis bytes/collection | KvServer bytes/collection | ratio | encodings (redis / KvServer) |"
echo "|---|---:|---:|---:|---|"
for kind in hash set zset; do
    read -r r_bytes r_enc < <(measure redis "$port_redis" "$kind")
    read -r c_bytes c_enc < <(measure candidate "$port_candidate" "$kind")
    ratio=$(awk -v c="$c_bytes" -v r="$r_bytes" 'BEGIN { printf "%.2f", c / r }')
    echo "| $kind | $r_bytes | $c_bytes | $ratio | $r_enc / $c_enc |"
done
