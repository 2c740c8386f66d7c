#!/usr/bin/env bash
# The demo: set up, import the five seed articles into a fresh SQLite ledger, and show
# the meetings and the full audit history of the Paris meeting.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DIPLO_DB=.diplo/demo.sqlite DIPLO_PEOPLE=fixtures/people.yaml
rm -f .diplo/demo.sqlite .diplo/demo.sqlite-wal .diplo/demo.sqlite-shm
diplo() { .venv/bin/diplo "$@"; }
echo '$ diplo import fixtures/0*.yaml'
diplo import fixtures/0*.yaml
echo
echo '$ diplo meetings'
diplo meetings
echo
echo '$ diplo history trump-putin-paris-2018'
diplo history trump-putin-paris-2018
echo
echo '$ diplo status trump-putin-paris-2018 --as-of 2018-10-22'
diplo status trump-putin-paris-2018 --as-of 2018-10-22
