#!/usr/bin/env bash
# Time of a synchronous SAVE in a real redis-server over the datasets of
# KvServer.Benchmarks/Persistence/RdbSaveBenchmarks.cs (one million small keys from DEBUG POPULATE, or one
# collection of a million elements built by the same EVAL scripts), so RdbSaver's times can be set beside
# Redis's. Prints, per dataset, the median wall time of `redis-cli SAVE` over ROUNDS saves, with Redis's default
# rdb-save-incremental-fsync yes (an fsync every 4 MB written) and with it off (one fsync at the end, as
# RdbSaver does), and the file size.
# Usage: benchmarks/scripts/rdb-save.sh [rounds=5] [port=7141] [redis-server]
set -euo pipefail
rounds="${1:-5}"
port="${2:-7141}"
server="${3:-redis-server}"
work="$(mktemp -d)"
pidfile="$work/redis.pid"
cleanup() { [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$pidfile" \
    --dir "$work" --logfile "$work/redis.log" --enable-debug-command yes >/dev/null
cli() { redis-cli -p "$port" "$@"; }
until cli PING >/dev/null 2>&1; do sleep 0.1; done

declare -A datasets=(
    [keys-1M]="DEBUG POPULATE 1000000"
    [list-1M]="EVAL \"for i=1,1000000 do redis.call('RPUSH', KEYS[1], 'element:' .. i) end\" 1 biglist"
    [hash-1M]="EVAL \"for i=1,1000000 do redis.call('HSET', KEYS[1], 'field:' .. i, 'value:' .. i) end\" 1 bighash"
    [zset-1M]="EVAL \"for i=1,1000000 do redis.call('ZADD', KEYS[1], i * 1.5, 'member:' .. i) end\" 1 bigzset"
)
median_save_ms() {
    local times=() start end
    for _ in $(seq "$rounds"); do
        start=$(date +%s%N)
        cli SAVE >/dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'
}
printf '| dataset | SAVE median ms (incremental fsync) | SAVE median ms (one fsync) | file bytes |\n|---|---:|---:|---:|\n'
for name in keys-1M list-1M hash-1M zset-1M; do
    cli FLUSHALL >/dev/null
    eval "cli ${datasets[$name]}" >/dev/null
    cli CONFIG SET rdb-save-incremental-fsync yes >/dev/null
    incremental=$(median_save_ms)
    cli CONFIG SET rdb-save-incremental-fsync no >/dev/null
    single=$(median_save_ms)
    printf '| %s | %s | %s | %s |\n' "$name" "$incremental" "$single" "$(stat -c %s "$work/dump.rdb")"
done
