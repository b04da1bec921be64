# Calibrate's everyday commands. `make run` and `make test` need nothing but python3:
# they make .venv, install the project into it and go.

VENV   := .venv
PY     := $(VENV)/bin/python
# Touched after a successful install; pyproject.toml newer than it means reinstall.
STAMP  := $(VENV)/.installed

PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: install run test lint bench worker beat compose-check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -e ".[dev]"
	touch $@

# The embedded product: SQLite and Celery in eager mode, no environment needed.
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. Integration and browser tests skip (with a reason) when their
# services are absent; .ci/run provides them. Extra options: make test PYTEST_ARGS="-k scoring"
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
	rm -rf staticfiles .pytest_cache .ruff_cache *.egg-info tests/browser/artifacts
	rm -f .test-db.sqlite3* celerybeat-schedule*
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
