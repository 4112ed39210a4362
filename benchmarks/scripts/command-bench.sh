#!/usr/bin/env bash
# Side-by-side redis-benchmark of scripting and pub/sub against real Redis and KvServer (alternating,
# median of ROUNDS): EVALSHA of a small script, and PUBLISH to 1, 10 and 100 subscribers (the
# subscribers are sockets held by a helper process that drains them).
# Usage (from the repository root, after a Release build): benchmarks/scripts/command-bench.sh [rounds]
set -euo pipefail
rounds="${1:-3}"
requests=100000
dll="src/KvServer/bin/Release/net10.0/KvServer.dll"
port_redis=7141
port_candidate=7142
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

redis-server --port "$port_redis" --save '' --appendonly no --dir "$work" >/dev/null 2>&1 &
pids+=($!)
dotnet "$dll" --port "$port_candidate" --bind 127.0.0.1 --save '' >/dev/null 2>&1 &
pids+=($!)
for port in "$port_redis" "$port_candidate"; do
    for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

script='return redis.call("GET", KEYS[1])'
sha=$(redis-cli -p "$port_redis" script load "$script")
redis-cli -p "$port_candidate" script load "$script" >/dev/null
redis-cli -p "$port_redis" set bench:key value >/dev/null
redis-cli -p "$port_candidate" set bench:key value >/dev/null

# Holds N subscribed connections to a port and drains them until killed.
subscribers() {
    # stdout is closed so that "$(subscribers ...)" returns while the process keeps running.
    python3 - "$1" "$2" >/dev/null 2>&1 <<'PY' &
import selectors, socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
sel = selectors.DefaultSelector()
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$10\r\nbench:chan\r\n")
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select(timeout=1):
        try:
            key.fileobj.recv(1 << 20)
        except BlockingIOError:
            pass
PY
    echo $!
}

rps() { # port args... -> requests per second
    local port="$1"; shift
    redis-benchmark -p "$port" -n "$requests" -c 50 --csv "$@" 2>/dev/null | awk -F'"' 'NR==2 {print $4}'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run() { # label args...
    local label="$1"; shift
    local r_all=() c_all=()
    for ((i = 0; i < rounds; i++)); do
        if ((i % 2 == 0)); then
            r_all+=("$(rps "$port_redis" "$@")"); c_all+=("$(rps "$port_candidate" "$@")")
        else
            c_all+=("$(rps "$port_candidate" "$@")"); r_all+=("$(rps "$port_redis" "$@")")
        fi
    done
    local r c
    r=$(printf '%s\n' "${r_all[@]}" | median)
    c=$(printf '%s\n' "${c_all[@]}" | median)
    echo "| $label | $r | $c | $(awk -v c="$c" -v r="$r" 'BEGIN { printf "%.2f", c / r }') |"
}

echo "| test | redis rps (median) | KvServer rps (median) | ratio |"
echo "|---|---:|---:|---:|"
run "EVALSHA (GET via redis.call)" evalsha "$sha" 1 bench:key
for n in 1 10 100; do
    a=$(subscribers "$port_redis" "$n"); b=$(subscribers "$port_candidate" "$n")
    pids+=("$a" "$b")
    sleep 1
    run "PUBLISH to $n subscribers" publish bench:chan hello
    kill "$a" "$b" 2>/dev/null || true
    sleep 0.5
done
