# The two commands a new user needs: `make demo` and `make test`. Each creates the virtual
# environment from the lock file on first use and is quick once it exists.

# First Python >= 3.11 found on PATH (override with `make PYTHON=/path/to/python3.12 ...`).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test serve chromium lint format bench lock clean

demo: $(STAMP)
	$(BIN)/pivotal demo

# The web app on http://127.0.0.1:8000/, one server process per core (make serve PORT=8080
# WORKERS=1 for another port or one process).
serve: $(STAMP)
	$(BIN)/pivotal serve --port $(or $(PORT),8000) --workers $(or $(WORKERS),$(shell nproc 2>/dev/null || echo 1))

test: $(STAMP) chromium
	$(BIN)/ruff check src tests
	$(BIN)/pytest

# Debian's Chromium, which tests/test_report_browser.py opens the HTML reports in: installed with
# apt-get when missing (as root, or through sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium is missing: installing Debian's package (for tests/test_report_browser.py)." >&2; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else \
	    echo "Cannot install it without root or sudo: as root, run" \
	      "'apt-get update && apt-get install -y chromium', then 'make test' again." >&2; \
	    exit 2; \
	  fi; }

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(STAMP)
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r benchmarks/requirements.lock
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/outcomes.py
	$(BIN)/python benchmarks/loading.py
	$(BIN)/python benchmarks/web_load.py

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
		-o requirements.lock -q

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "pivotal needs Python 3.11 or newer on PATH (python3.11, python3.12, ...)." >&2; exit 2; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
