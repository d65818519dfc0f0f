# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app eventapp
# Absolute links (feeds, API, mail) name the port `make run` serves on, unless the base URL is set.
EVENTAPP_BASE_URL ?= http://127.0.0.1:$(PORT)
RUN_FLASK := EVENTAPP_BASE_URL='$(EVENTAPP_BASE_URL)' $(FLASK)
CATALOGUES := $(wildcard eventapp/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test test-future bench bench-faults lint format translations extract-messages node-deps clean

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

translations: $(COMPILED)

run: $(VENV)/.installed translations
	$(RUN_FLASK) db upgrade
	$(RUN_FLASK) seed-demo --if-empty
	@# The worker runs beside the server, as in production (mail, run-out guest holds,
	@# reminders, the purge), and stops with it.
	$(RUN_FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_FLASK) run --host 127.0.0.1 --port $(PORT)

# ical.js for the feed tests (tests/feeds/js), where Node is installed: `npm ci` from the lockfile,
# again only when node_modules is missing or older than the lockfile. Without Node those tests skip.
JS_TESTS := tests/feeds/js

node-deps:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		if [ ! -d $(JS_TESTS)/node_modules ] || [ $(JS_TESTS)/package-lock.json -nt $(JS_TESTS)/node_modules ]; then \
			npm ci --prefix $(JS_TESTS) --no-audit --no-fund && touch $(JS_TESTS)/node_modules; \
		fi; \
	else \
		echo "node-deps: no Node.js here, the ical.js feed tests will be skipped"; \
	fi

test: $(VENV)/.installed-test translations node-deps
	$(BIN)/pytest

# The suite on a machine clock a year and a half ahead, advancing (Debian's faketime; monotonic
# waits are left alone, else the run hangs): proves that no test expires with the calendar.
FUTURE ?= 2028-06-01 12:00:00
test-future: $(VENV)/.installed-test translations node-deps
	@command -v faketime >/dev/null || { echo "test-future: install faketime (apt-get install faketime)"; exit 1; }
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '@$(FUTURE)' $(BIN)/pytest -p no:cacheprovider

# The load phase drives gunicorn with wrk (Debian's package), installed here as .ci/run installs
# Chromium when root may; without it, a Python load generator stands in (bench/README.md).
bench: $(VENV)/.installed-test translations
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } || \
		echo "bench: no wrk here, the load phase uses its Python load generator"
	$(BIN)/python -m bench $(BENCH_ARGS)

# Faults on a running stack it starts itself (PostgreSQL, SMTP, gunicorn, workers): bench/README.md.
bench-faults: $(VENV)/.installed-test translations
	$(BIN)/python -m bench faults $(FAULTS_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract the UI strings and merge them into the catalogues (then translate fr).
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract --ignore-dirs='.* node_modules' -F eventapp/translations/babel.cfg -k _l -o eventapp/translations/messages.pot .
	$(BIN)/pybabel update -i eventapp/translations/messages.pot -d eventapp/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) $(COMPILED)
