#!/usr/bin/env bash
# SAVE of a big list, side by side with Redis: for each of PROCESSES rounds, starts a fresh redis-server and a
# fresh KvServer (alternating), fills each with one 1,000,000-element list (RPUSH "element:N" from EVAL, as
# rdb-save.sh does), then times SAVES synchronous `redis-cli SAVE`s in a row (the first ones of a process
# include its warm-up). Prints one line per process with every SAVE's wall time in milliseconds.
# Usage (from the repository root, after a Release build):
#   benchmarks/scripts/list-save.sh [PROCESSES=2] [SAVES=8] [candidate dll]   (PORT_BASE=7150: uses 2 ports)
set -euo pipefail
processes="${1:-2}"
saves="${2:-8}"
dll="${3:-src/KvServer/bin/Release/net10.0/KvServer.dll}"
base="${PORT_BASE:-7150}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

fill='for i=1,1000000 do redis.call("RPUSH", KEYS[1], "element:" .. i) end'

save_times() { # port -> the wall ms of each SAVE
    local times=() start end
    for _ in $(seq "$saves"); do
        start=$(date +%s%N)
        redis-cli -p "$1" SAVE >/dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    echo "${times[*]}"
}

run() { # redis|kvserver
    local port dir="$work/$1"
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$1" = redis ]; then
        port=$base
        redis-server --port "$port" --save '' --dir "$dir" --logfile "$dir/log" --daemonize no &
    else
        port=$((base + 1))
        dotnet "$dll" --port "$port" --save '' --dir "$dir" >"$dir/log" 2>&1 &
    fi
    pid=$!
    until redis-cli -p "$port" PING 2>/dev/null | grep -q PONG; do sleep 0.1; done
    redis-cli -p "$port" EVAL "$fill" 1 biglist >/dev/null
    printf '| %s | %s | %s |\n' "$1" "$(save_times "$port")" "$(stat -c %s "$dir/dump.rdb")"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

printf '| server | SAVE ms, 1st to %sth | file bytes |\n|---|---|---:|\n' "$saves"
for _ in $(seq "$processes"); do
    run redis
    run kvserver
done
