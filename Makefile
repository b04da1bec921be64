# Calibrate's everyday commands. `make run` and `make test` need nothing but python3:
# they make .venv, install uv into it from PyPI and let uv install the locked
# dependencies (requirements-dev.lock) and the project.

VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
# Touched after a successful install; a lock file (or pyproject.toml) newer than it
# means reinstall.
STAMP  := $(VENV)/.installed
# uv installs itself at the version the dev lock pins.
UV_VERSION := $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements-dev.lock 2>/dev/null)
# What both lock files are compiled for: every platform, the oldest supported Python.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet \
              --custom-compile-command "make lock"

PYTEST_ARGS ?=
BENCH_ARGS ?=
# make run's address: make run PORT=8102. Links in e-mails follow it (DJANGO_SITE_URL,
# unless set in the environment).
HOST ?= 127.0.0.1
PORT ?= 8000
LOCK_ARGS ?=

.PHONY: install lock run test lint bench worker beat compose-check clean

install: $(STAMP)

# sync makes .venv hold exactly what the lock lists (removing anything else), with
# every file checked against its hash; the project itself goes in editable, without deps.
$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) pip sync --python $(PY) --require-hashes requirements-dev.lock
	$(UV) pip install --python $(PY) --no-deps -e .
	touch $@

# Rewrites both lock files from pyproject.toml. The runtime lock (the Docker image)
# is constrained by the dev lock, so both pin the same versions. Upgrades:
#   make lock LOCK_ARGS="--upgrade"                     everything, within the caps
#   make lock LOCK_ARGS="--upgrade-package celery"      one package
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet "uv>=0.13.9,<0.14"
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-dev.lock
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -c requirements-dev.lock -o requirements.lock

# The embedded product: SQLite and Celery in eager mode, no environment needed.
run: export DJANGO_SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite. Integration and browser tests skip (with a reason) when their
# services are absent; .ci/run provides them. Extra options: make test PYTEST_ARGS="-k scoring"
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The same static checks as .ci/run: ruff and djlint (through pre-commit), mypy, and the
# import-linter contracts (all configured in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/pre-commit run --all-files
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Page timings at scale in a database of its own: make bench BENCH_ARGS="--applications 2000"
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# A worker and beat only make sense with a broker; without one, tasks run eagerly
# inside the web process.
worker: $(STAMP)
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/1) first: without a broker, tasks run eagerly in the web process and need no worker."; exit 1; }
	$(VENV)/bin/celery -A config worker -l info

beat: $(STAMP)
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/1) first: without a broker, tasks run eagerly in the web process and need no beat."; exit 1; }
	$(VENV)/bin/celery -A config beat -l info

# Validates docker-compose.yml offline; a placeholder key stands in when none is set.
compose-check:
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-compose-check-placeholder}" docker-compose config -q

# Generated files only: keeps .venv, the development database (db.sqlite3) and media/.
clean:
	rm -rf staticfiles .pytest_cache .ruff_cache .mypy_cache .import_linter_cache htmlcov \
		*.egg-info tests/browser/artifacts .coverage .coverage.*
	rm -f .test-db.sqlite3* celerybeat-schedule*
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
