# The usual commands: `make run` for a local demo, `make test` for everything CI checks.
# Each step is cheap when already done: the venv, node_modules and static/vendor are
# rebuilt only when pyproject.toml, requirements.lock, package-lock.json or the copy
# script change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
# HOST=0.0.0.0 serves the demo to the local network (a phone on the same Wi-Fi): links in
# QR codes and e-mails then carry this machine's LAN address instead of 127.0.0.1.
HOST ?= 127.0.0.1
SERVED_HOST = $(if $(filter 0.0.0.0,$(HOST)),$(shell hostname -I 2>/dev/null | cut -d' ' -f1),$(HOST))
# The settings use it as SITE_URL unless SITE_URL is set (environment or .env).
SERVED_URL = http://$(or $(SERVED_HOST),127.0.0.1):$(PORT)
CHROMIUM ?= /usr/bin/chromium
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
INSTALLED := $(VENV)/.installed
VENDORED := static/vendor/.versions.json
NPM_INSTALLED := node_modules/.package-lock.json
# Test runs read static files from their source folders (no collectstatic needed).
# pytest-xdist workers for make test: auto (one per core) or 0 (one process, with the suites' summaries).
TEST_WORKERS ?= auto
TEST_ENV := STATICFILES_STORAGE=django.contrib.staticfiles.storage.StaticFilesStorage CHROMIUM=$(CHROMIUM)

.PHONY: help venv install vendor messages migrate demo run test check-chromium lock format clean bench
.PHONY: loadtest lighthouse backup restore worker screenshots

help:
	@echo "make run    set up everything, load the demo data, start the worker and serve on $(SERVED_URL)"
	@echo "           (PORT=8765 for another port; HOST=0.0.0.0 to open it from a phone on the same network)"
	@echo "make worker the background worker alone: tasks (rollup recounts, e-mail) and the daily notices"
	@echo "make test   ruff check and format --check, manage.py check, makemigrations --check, then pytest with browser tests"
	@echo "make lock   rewrite requirements.lock from the current .venv"
	@echo "make screenshots  each role's landing page at 390 and 1366 px, Indonesian and English, into docs/screenshots/"
	@echo "           (of a running demo: BASE_URL=$(SERVED_URL) by default; DEMO_PASSWORD if it was changed)"
	@echo "make loadtest  50 users for 5 minutes against gunicorn on 127.0.0.1 (PostgreSQL benchmark dataset)"
	@echo "make lighthouse  Lighthouse (mobile) on the national dashboard and the directory, served by gunicorn"
	@echo "make backup    pg_dump of DATABASE_URL and the files of MEDIA_ROOT into backups/<time>"
	@echo "make restore BACKUP=backups/<time>   put such a backup back into DATABASE_URL and MEDIA_ROOT"
	@echo "make clean  remove the venv, node_modules, static/vendor and compiled translations"

venv install: $(INSTALLED)

# Reuse .venv only when its interpreter runs and is 3.12+: an older venv would quietly
# install an older Django.
$(INSTALLED): pyproject.toml requirements.lock
	@if ! { [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }; then \
		interpreter="$$(sh scripts/find_python.sh)"; \
		echo "Creating $(VENV) with $$interpreter"; \
		rm -rf $(VENV); \
		"$$interpreter" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

$(NPM_INSTALLED): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm was not found: install Node.js 20 or newer (Debian: apt-get install npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund

# Templates and scripts too: the icons they name decide which Bootstrap Icons are copied.
$(VENDORED): $(NPM_INSTALLED) scripts/copy_vendor.py $(wildcard templates/*.html templates/*/*.html templates/*/*/*.html static/js/*.js) | $(INSTALLED)
	$(PY) scripts/copy_vendor.py

vendor: $(VENDORED)

# Compiling skips catalogues whose .mo is newer than the .po, so a second run is instant.
messages: $(INSTALLED)
	@if find locale -name '*.po' 2>/dev/null | grep -q .; then \
		$(MANAGE) compilemessages --verbosity 0 --ignore=.venv --ignore=node_modules --ignore=static; \
	else \
		echo "No translation catalogues under locale/ yet; the portal shows its source strings."; \
	fi

migrate: $(INSTALLED)
	$(MANAGE) migrate

demo: migrate
	$(MANAGE) load_demo

# The worker (tasks and schedule) runs beside the server and stops with it.
run: install vendor messages demo
	@export DEBUG=$${DEBUG:-true} SERVED_URL=$(SERVED_URL); \
	$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) crontask --no-heartbeat & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null || true' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

# For deployments: one scheduler (crontask) per site, as many db_worker processes as needed.
worker: install messages migrate
	@export SERVED_URL=$${SERVED_URL:-$(SERVED_URL)}; \
	$(MANAGE) crontask --no-heartbeat & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null || true' EXIT; \
	$(MANAGE) db_worker

check-chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Chromium was not found at $(CHROMIUM); the browser tests need it." >&2; \
		echo "Install Debian's package (apt-get install chromium) or point CHROMIUM=/path/to/chromium at one." >&2; \
		exit 1; \
	fi

# DATABASE_URL passes through from the environment; without it the tests use SQLite.
test: install vendor messages check-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(MANAGE) check
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS)

# PostgreSQL only: builds (once; BENCH_ARGS=--rebuild to redo) a tenth-size and a full-size
# dataset in BENCH_DATABASE_URL (default blkk_bench and blkk_bench_tenth) and times every page.
bench: install
	$(TEST_ENV) $(PY) bench/run.py $(BENCH_ARGS)

# PostgreSQL only: gunicorn on 127.0.0.1 with the benchmark dataset (LOAD_DATABASE_URL,
# default blkk_load), driven by locust: LOAD_USERS=50 for LOAD_RUN_TIME=5m. The table of
# requests/s and p50/p95/p99 per page lands in bench/results/loadtest.md.
loadtest: install vendor messages
	$(PY) bench/loadtest.py

# Needs a portal with the demo data running at BASE_URL (`make run` in another terminal).
BASE_URL ?= $(SERVED_URL)
screenshots: $(INSTALLED)
	CHROMIUM=$(CHROMIUM) $(PY) scripts/screenshots.py $(BASE_URL)

# A demo SQLite database (kept under bench/results/), collected static files, gunicorn with
# DEBUG off on 127.0.0.1, then npx lighthouse@12.2.3 (mobile) on Chromium; the scores of
# the national dashboard and the directory land in bench/results/lighthouse.md.
lighthouse: install vendor messages
	$(PY) bench/lighthouse.py

# The database of DATABASE_URL (pg_dump) and the files under MEDIA_ROOT, with SHA-256 sums.
backup: $(INSTALLED)
	scripts/backup.sh $(BACKUP_DIR)

# Replaces the database of DATABASE_URL and unpacks the files into MEDIA_ROOT: make restore BACKUP=backups/<time>
restore: $(INSTALLED)
	@if [ -z "$(BACKUP)" ]; then echo "Name the backup folder: make restore BACKUP=backups/<time>" >&2; exit 2; fi
	scripts/restore.sh "$(BACKUP)"

lock: $(INSTALLED)
	@{ echo "# Exact versions of every Python package that make test last passed with; pip reads it"; \
	   echo "# as constraints (pip install -c requirements.lock), while pyproject.toml keeps the ranges."; \
	   echo "# Regenerate after changing dependencies: make lock"; \
	   $(PY) -m pip freeze --exclude-editable --disable-pip-version-check; } > requirements.lock
	@echo "requirements.lock: $$(grep -vc '^#' requirements.lock) packages"

# Rewrites files: run it on purpose, not from CI.
format: $(INSTALLED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles *.egg-info
	find locale -name '*.mo' -delete 2>/dev/null || true
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
