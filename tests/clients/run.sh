#!/usr/bin/env bash
# Client-compatibility suite: builds the Release host, then runs the Debian Python clients
# (redis-py, django-redis, channels_redis) against it with pytest.
#
#   tests/clients/run.sh [pytest args...]
#   KVSERVER_TARGET=redis tests/clients/run.sh     # the same suite against redis-server
#
# Ends with a line "N passed, N failed" (", N skipped" when any) and exits non-zero on any failure.
set -u

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo_root"
target=${KVSERVER_TARGET:-kvserver}
python=/usr/bin/python3   # the Debian interpreter that sees the Debian client packages

summary_and_exit() {  # passed failed skipped exit-code
    local line="$1 passed, $2 failed"
    [ "$3" -gt 0 ] && line="$line, $3 skipped"
    echo "$line"
    exit "$4"
}

if [ "$target" = kvserver ]; then
    if ! dotnet build -c Release src/KvServer -nologo -v quiet; then
        echo "Release build of src/KvServer failed" >&2
        summary_and_exit 0 1 0 1
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The whole run is bounded; a hung test is killed rather than stalling CI.
PYTHONDONTWRITEBYTECODE=1 timeout -k 10 300 \
    env -u PYTHONPATH -u PYTHONHOME -u DJANGO_SETTINGS_MODULE \
    "$python" -m pytest -q --junitxml="$work/junit.xml" tests/clients "$@"
status=$?

if [ ! -s "$work/junit.xml" ]; then
    echo "pytest ended (exit $status) without a report" >&2
    summary_and_exit 0 1 0 1
fi

read -r passed failed skipped < <("$python" - "$work/junit.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
passed = failed = skipped = 0
for case in root.iter("testcase"):
    # A test that failed and then also errored in teardown is one failed test.
    if case.find("failure") is not None or case.find("error") is not None:
        failed += 1
    elif case.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
EOF
)

if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then
    summary_and_exit "$passed" "$failed" "$skipped" 0
fi
[ "$failed" -eq 0 ] && failed=1   # no test ran, or pytest itself failed (exit 5, usage error, timeout)
summary_and_exit "$passed" "$failed" "$skipped" 1
