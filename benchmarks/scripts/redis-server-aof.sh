#!/usr/bin/env bash
# redis-server with the append-only file on, for compare-with-redis.sh --redis-bin: the same arguments the
# script passes, then appendonly yes, AOF_FSYNC (default everysec) and a fresh temporary --dir. exec keeps
# the process id, so the comparison script stops it as usual.
# Usage: AOF_FSYNC=always ../shared/bench/compare-with-redis.sh --redis-bin benchmarks/scripts/redis-server-aof.sh ...
set -euo pipefail
dir="$(mktemp -d -t redis-aof-bench.XXXXXX)"
exec redis-server "$@" --appendonly yes --appendfsync "${AOF_FSYNC:-everysec}" --dir "$dir"
