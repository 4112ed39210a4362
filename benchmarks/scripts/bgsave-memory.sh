#!/usr/bin/env bash
# BGSAVE of a 1,000,000-key data set under a steady SET load, Redis 7.0 (fork) side by side with KvServer
# (point-in-time snapshot). For each server: fill 1M keys with redis-benchmark's own key names, start
# `redis-benchmark -t set -r 1000000` in the background, take the resident set size for 2 s as a baseline,
# then BGSAVE and sample the server's RSS every 10 ms until INFO says the save is done.
# Reports: BGSAVE duration, the peak RSS increase over the baseline's peak, and the server's own figure
# (rdb_last_cow_size: for Redis the child's copy-on-write peak, for KvServer the snapshot's side buffers
# plus queued chunks).
#
# usage: benchmarks/scripts/bgsave-memory.sh [redis-port] [kvserver-port]   (build first: dotnet build -c Release src/KvServer)
set -euo pipefail
REDIS_PORT=${1:-7320}
KV_PORT=${2:-7321}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

commands() { redis-cli -p "$1" info stats | tr -d '\r' | awk -F: '$1 == "total_commands_processed" {print $2}'; }

info_field() { redis-cli -p "$1" info persistence | tr -d '\r' | awk -F: -v f="$2" '$1 == f {print $2}'; }

measure() {
    local name=$1 port=$2 pid=$3
    redis-benchmark -p "$port" -t set -r 1000000 -n 4000000 -P 32 -q > /dev/null
    local keys; keys=$(redis-cli -p "$port" dbsize)
    redis-benchmark -p "$port" -t set -r 1000000 -n 100000000 -c 20 -q > /dev/null 2>&1 &
    local load=$!
    sleep 1
    local base=0 end=$((SECONDS + 2)) now
    while [ $SECONDS -lt $end ]; do now=$(rss_kb "$pid"); [ "$now" -gt "$base" ] && base=$now; sleep 0.01; done
    local peak=$base start; start=$(date +%s%N)
    local before; before=$(commands "$port")
    redis-cli -p "$port" bgsave > /dev/null
    while [ "$(info_field "$port" rdb_bgsave_in_progress)" != "0" ]; do
        now=$(rss_kb "$pid"); [ "$now" -gt "$peak" ] && peak=$now
        sleep 0.01
    done
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    local served=$(( $(commands "$port") - before ))
    kill "$load"; wait "$load" 2>/dev/null || true
    local cow; cow=$(info_field "$port" rdb_last_cow_size)
    printf '| %s | %s | %d | %d | %d | %d | %.1f | %s |\n' "$name" "$keys" "$ms" $((served * 1000 / (ms + 1))) \
        $((base / 1024)) $(((peak - base) / 1024)) "$(echo "$cow / 1048576" | bc -l)" "$(info_field "$port" rdb_last_bgsave_status)"
}

echo '| server | keys | BGSAVE ms | SET/s during the save | baseline RSS MB | RSS increase MB | rdb_last_cow_size MB | status |'
echo '|---|---:|---:|---:|---:|---:|---:|---|'

mkdir "$WORK/redis"
redis-server --port "$REDIS_PORT" --save '' --daemonize yes --pidfile "$WORK/redis.pid" --dir "$WORK/redis" --logfile "$WORK/redis/log"
sleep 0.5
measure redis "$REDIS_PORT" "$(cat "$WORK/redis.pid")"
grep -o 'Fork CoW for RDB.*' "$WORK/redis/log" | sed 's/^/    redis log: /' >&2
redis-cli -p "$REDIS_PORT" shutdown nosave > /dev/null || true

mkdir "$WORK/kv"
dotnet "$ROOT/src/KvServer/bin/Release/net10.0/KvServer.dll" --port "$KV_PORT" --save '' --dir "$WORK/kv" > "$WORK/kv/log" 2>&1 &
KV_PID=$!
for _ in $(seq 100); do redis-cli -p "$KV_PORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
measure kvserver "$KV_PORT" "$KV_PID"
grep -o 'Snapshot CoW.*' "$WORK/kv/log" | sed 's/^/    kvserver log: /' >&2
redis-cli -p "$KV_PORT" shutdown nosave > /dev/null 2>&1 || true
wait "$KV_PID" 2>/dev/null || true
