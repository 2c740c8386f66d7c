#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy), and pytest. Fails if no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The suite runs on SQLite and on a throwaway PostgreSQL server that the tests start themselves.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PostgreSQL with apt-get..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed and cannot be installed here (needs root and apt-get):" \
      "the PostgreSQL half of the suite will fail" >&2
  fi
fi
# --- web: Chromium and its driver for the browser tests (tests/e2e/test_web_*.py) ---
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Chromium and chromedriver with apt-get..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium is not installed and cannot be installed here (needs root and apt-get):" \
      "the browser tests will fail" >&2
  fi
fi
# --- end web ---
.venv/bin/ruff check ledger projections diplo tests benchmarks
.venv/bin/mypy
set +e
# Two workers (pytest-xdist), each taking the next test when done: the suite runs on two cores
# in about half the time. DIPLO_TEST_WORKERS=0 runs it in this one process.
.venv/bin/python -m pytest -n "${DIPLO_TEST_WORKERS:-2}" --dist worksteal "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
