# gonghui — two commands: `make run` and `make test` (see README.md / DEVELOPERS.md)
PY := .venv/bin/python
PIP := .venv/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export PYTHONPATH := src

.PHONY: test-clock run test lint test-sqlite test-postgres bench system-deps venv migrate demo static

.venv/.stamp: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	$(PIP) install -q --disable-pip-version-check --no-deps -e .
	touch $@

venv: .venv/.stamp

# Root-only steps run only when the tool is missing.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto.*CJK" || ! command -v pdftoppm >/dev/null || ! command -v faketime >/dev/null; then \
	  echo "installing Debian packages: chromium fonts-noto-cjk poppler-utils faketime"; \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk poppler-utils faketime >/dev/null) \
	  || echo "warning: could not install chromium/fonts (need root); browser tests will be skipped"; \
	fi

migrate: venv
	$(PY) -m gonghui migrate --noinput

demo: migrate
	$(PY) -m gonghui demo --members 2000 --seed 1 --once

# Static files into var/staticfiles, served by WhiteNoise (runserver does not when DEBUG is off;
# production's manifest storage needs it after every update).
static: venv
	$(PY) -m gonghui collectstatic --noinput --verbosity 0

run: venv demo static
	$(PY) -m gonghui logins
	@echo "DEBUG is off unless GONGHUI_DEBUG=1; errors go to stderr and var/logs/gonghui.log"
	$(PY) -m gonghui runserver 127.0.0.1:8000

lint: venv
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/mypy src/gonghui

test-sqlite: venv
	DATABASE_URL= bash .ci/pytest.sh

test-postgres: venv
	@if $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	  echo "== PostgreSQL suite (tests/planner use no database: run once, on SQLite) =="; \
	  DATABASE_URL=$(PG_URL) bash .ci/pytest.sh --ignore=tests/planner; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped =="; fi

test: venv system-deps lint test-sqlite test-postgres

# PostgreSQL figures too when it answers (as `make test`): the benches read DATABASE_URL.
bench: venv
	@if $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	  export DATABASE_URL=$(PG_URL); else echo "== PostgreSQL not reachable: SQLite figures only =="; fi; \
	for f in bench/bench_*.py; do echo "== $$f =="; $(PY) $$f || exit 1; done

# The SQLite suite on awkward days (after New Year's Eve's last minute, in a year the holiday
# package does not know, on a leap day): tests must not depend on the day they run. Without the
# browser tests (marked e2e): every page they drive is also requested by the client tests and by
# the scope walk, which run here; Chromium adds time, not dates.
CLOCK_DAYS := "2027-03-15 10:00:00" "2026-12-31 23:59:30" "2028-02-29 12:00:00"
test-clock: venv system-deps
	@for day in $(CLOCK_DAYS); do \
	  echo "== SQLite suite at $$day =="; \
	  DATABASE_URL= faketime -f "@$$day" bash .ci/pytest.sh -p no:cacheprovider --ignore=tests/planner -m "not e2e" || exit 1; \
	done
