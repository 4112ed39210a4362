#!/usr/bin/env bash
# RDB load time, side by side with Redis: writes RDB files with redis-server (1,000,000 small string keys
# from DEBUG POPULATE; one 1,000,000-element list, hash and sorted set, together and one per file), then
# starts redis-server and KvServer on each file ROUNDS times and prints the "DB loaded from disk: N seconds"
# each one logs, with the medians.
# Usage (from the repository root, after a Release build):
#   benchmarks/scripts/rdb-load.sh [ROUNDS] [candidate dll]      (PORT_BASE=7141 by default: uses 3 ports)
#   FILES="big-list big-zset" benchmarks/scripts/rdb-load.sh 9     (only these files)
set -euo pipefail
rounds="${1:-3}"
dll="${2:-src/KvServer/bin/Release/net10.0/KvServer.dll}"
base="${PORT_BASE:-7141}"
port_gen=$base
port_redis=$((base + 1))
port_candidate=$((base + 2))
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

collections() { # kinds... -> RESP on stdout
    python3 - "$@" <<'PY'
import sys
kinds = sys.argv[1:]
out = sys.stdout.buffer
def cmd(*args):
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
for i in range(0, 1000000, 1000):
    if "list" in kinds: cmd("RPUSH", "biglist", *["element:%d" % j for j in range(i, i + 1000)])
    if "hash" in kinds: cmd("HSET", "bighash", *[x for j in range(i, i + 1000) for x in ("field:%d" % j, "value:%d" % j)])
    if "zset" in kinds: cmd("ZADD", "bigzset", *[x for j in range(i, i + 1000) for x in (j * 1.5, "member:%d" % j)])
PY
}

wait_for_log() { # file
    for _ in $(seq 1200); do grep -q 'Ready to accept connections' "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "server did not start, see $1" >&2; exit 1
}

write_rdb() { # name, then what to store: "populate" or collection kinds
    local name="$1"; shift
    redis-server --port "$port_gen" --save '' --dir "$work" --dbfilename "$name.rdb" --enable-debug-command yes \
        --logfile "$work/gen.log" --daemonize no &
    local pid=$!; pids+=("$pid")
    until redis-cli -p "$port_gen" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done
    if [ "$1" = populate ]; then redis-cli -p "$port_gen" DEBUG POPULATE 1000000 >/dev/null
    else collections "$@" | redis-cli -p "$port_gen" --pipe >/dev/null; fi
    redis-cli -p "$port_gen" SAVE >/dev/null
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

load_seconds() { # redis|kvserver file -> seconds from the server's own log line
    local log="$work/load.log"; rm -f "$log"
    if [ "$1" = redis ]; then
        redis-server --port "$port_redis" --save '' --dir "$work" --dbfilename "$2" --logfile "$log" --daemonize no &
    else
        dotnet "$dll" --port "$port_candidate" --save '' --dir "$work" --dbfilename "$2" >"$log" 2>&1 &
    fi
    local pid=$!; pids+=("$pid")
    wait_for_log "$log"
    grep -o 'DB loaded from disk: [0-9.]*' "$log" | grep -o '[0-9.]*$'
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

files="${FILES:-small-keys big-collections big-list big-hash big-zset}"
wanted() { [[ " $files " == *" $1 "* ]]; }
wanted small-keys && write_rdb small-keys populate
wanted big-collections && write_rdb big-collections list hash zset
wanted big-list && write_rdb big-list list
wanted big-hash && write_rdb big-hash hash
wanted big-zset && write_rdb big-zset zset
printf '| file | size | redis s (median) | KvServer s (median) | ratio | redis runs | KvServer runs |\n|---|---:|---:|---:|---:|---|---|\n'
for name in $files; do
    file="$name.rdb"
    r=(); k=()
    for _ in $(seq "$rounds"); do r+=("$(load_seconds redis "$file")"); k+=("$(load_seconds kvserver "$file")"); done
    rm=$(printf '%s\n' "${r[@]}" | median); km=$(printf '%s\n' "${k[@]}" | median)
    size=$(du -h "$work/$file" | cut -f1)
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$size" "$rm" "$km" \
        "$(awk -v a="$km" -v b="$rm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" "${r[*]}" "${k[*]}"
done
