#!/usr/bin/env bash
# The test command: every .NET test project (unit, integration, differential against redis-server, real
# StackExchange.Redis and redis-cli clients), then the Python client-compatibility suite (redis-py,
# django-redis, channels_redis). Prerequisites (redis-server, redis-tools, the Debian python3-* client
# packages) are installed by .ci/run. Exits non-zero if either part fails.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
echo "== dotnet test KvServer.sln -c Release"
dotnet test KvServer.sln -c Release || status=1

echo "== tests/clients/run.sh"
bash tests/clients/run.sh || status=1

exit "$status"
