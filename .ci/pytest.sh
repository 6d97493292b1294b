#!/usr/bin/env bash
# Runs the suite; pytest exits 5 when it collects nothing — treat that as a failure we report clearly.
set -u
.venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
rc=$?
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi
exit $rc
