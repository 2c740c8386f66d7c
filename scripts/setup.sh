#!/usr/bin/env bash
# Creates .venv with the project and its development tools, once; quiet when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip 2> >(grep -v '^WARNING: Location' >&2)
  .venv/bin/python -m pip install --quiet -e '.[dev]' 2> >(grep -v '^WARNING: Location' >&2)
  touch "$stamp"
fi
