# fotoblog — `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# Processes preparing uploaded photos beside the web server (manage.py worker).
TASK_WORKERS ?= 1
# Test processes beside each other (pytest-xdist); the browser tests run in one.
TEST_PROCESSES ?= auto
# The production path's servers, as this machine and CI run them.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fotoblog
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test test-postgres lint format serve clean bench load screenshots

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# Front-end packages (htmx; axe-core for the accessibility tests) from the npm registry.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compiled translations, from the .po files in git, by Babel: no GNU gettext needed.
TRANSLATIONS := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(BIN)/.installed
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

# A local development environment, made once: DEBUG on and a generated secret key.
.env:
	printf 'DEBUG=on\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env for local development (DEBUG on, a generated SECRET_KEY)."

# The development server, and a worker beside it that prepares uploaded photos;
# Ctrl-C stops both.
run: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py requeue_photos
	@echo "fotoblog is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM HUP; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests run apart: Playwright keeps an event loop in the main thread until
# its pytest session ends, which would trip Django's async-safety check elsewhere.
# A failing browser test leaves a screenshot of its page in test-results/.
test: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser" -n $(TEST_PROCESSES) $(PYTEST_ARGS)
	$(BIN)/pytest -m browser --screenshot only-on-failure --output test-results $(PYTEST_ARGS)

# The same suite on PostgreSQL with Redis for cache and sessions, with the
# production-path tests (gunicorn servers; they skip on SQLite).
test-postgres: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	CACHE_KEY_PREFIX=test-$$$$ $(BIN)/pytest -m "not browser" -n $(TEST_PROCESSES) \
		$(PYTEST_ARGS)

# Plain HTTP on this machine; behind a TLS proxy leave HTTPS on (the default).
SERVE_ENV := DEBUG=off HTTPS=off
# Production mode on this machine: DEBUG off, static files collected and served by
# whitenoise, gunicorn, and TASK_WORKERS image workers (photos left half-prepared by
# a killed worker are queued again first). Set DATABASE_URL, REDIS_URL, the S3
# variables as in docs/deploy.md to use those servers.
serve: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --no-input
	$(SERVE_ENV) $(BIN)/python manage.py requeue_photos
	@echo "fotoblog (production mode) is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	workers=; for n in $$(seq $(TASK_WORKERS)); do \
		$(SERVE_ENV) $(BIN)/python manage.py worker & workers="$$workers $$!"; done; \
	trap 'kill $$workers 2>/dev/null' EXIT INT TERM HUP; \
	$(SERVE_ENV) $(BIN)/gunicorn fotoblog.wsgi --config python:fotoblog.gunicorn \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - \
		--forwarded-allow-ips 127.0.0.1

# Queries and render times of the main pages at scales 1 and 100 (manage.py
# generate_data), and of the 1st and 50th "Load more" page of the home feed and
# Photos; home, Photos and a post page against a floor view under gunicorn on
# loopback, each page's requests/s as a share of the floor's, with the memory of
# each gunicorn worker (bench/pages.py, testsupport/servers.py); the upload pipeline
# per 12 MP photo (bench/upload.py); the home feed beside two slow request bodies
# and while two creators upload 40 MP photos (bench/under_load.py). One table with
# each goal's PASS or MISS, written to bench/results.json; BENCH_ARGS="--database
# postgres" for PostgreSQL (bench/results-postgres.json); "--profile" adds cProfile's
# top functions of each page (bench/profile-*.txt); "--help" lists the rest.
bench: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(BIN)/python -m bench.pages $(BENCH_ARGS)

# Many members at once, Locust's users (bench/locustfile.py), against gunicorn and an
# image worker on a fresh temporary site for 60 s, then a consistency check
# (bench/load.py); Locust's percentiles and requests per second are printed and
# written to bench/results-load.json. LOAD_ARGS="--database postgres" for PostgreSQL.
load: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# The README's screenshots (docs/screenshot.png, docs/screenshot-phone.png): the demo
# seeded into a temporary site (never db.sqlite3), served on loopback, a demo
# subscriber's home feed shot by Debian's chromium at 1280×900 and 390×844
# (bench/screenshots.py).
screenshots: $(BIN)/.installed node_modules/.installed .env $(TRANSLATIONS)
	$(BIN)/python -m bench.screenshots

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles $(TRANSLATIONS)
