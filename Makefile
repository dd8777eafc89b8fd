# The one place for nato3's tasks. Each target sets up what it needs in .venv first,
# so `make run` and `make test` work on a fresh clone with only python3 (>= 3.11) and make.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help setup browser run test lint format bench bench-tools clean provenance

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "nato3 needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)  ## Create .venv and install nato3 with its test tools

run: setup  ## The main job: build the database, show where each ally stands, write report/index.html
	$(BIN)/nato3 status
	$(BIN)/nato3 report

# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# is not available here). Installed when missing and apt-get is usable; the tests fail, not
# skip, when it is still missing.
CHROMIUM ?= /usr/bin/chromium

browser:  ## Install Debian's chromium for the browser tests, if missing
	@if [ -x "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; } || \
		echo "could not install chromium: browser tests will fail"; \
	else echo "no apt-get and no $(CHROMIUM): browser tests will fail"; fi

test: setup browser  ## Run the test suite on every core (installs chromium for browser tests when missing)
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: setup  ## ruff (lint, formatting) and import-linter (layers: faces > documents > analyses > store)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

format: setup  ## ruff: fix formatting
	$(BIN)/ruff format src tests benchmarks tools
	$(BIN)/ruff check --fix src tests benchmarks tools

# The web benchmark loads the API with wrk (Debian package) and compares datasette (bench extra).
bench-tools: setup  ## Install what the benchmarks need: datasette (pip) and wrk (apt-get), if missing
	@$(BIN)/python -c 'import datasette' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@if command -v wrk >/dev/null 2>&1; then echo "wrk: $$(command -v wrk)"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -q wrk >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q wrk >/dev/null; } || \
		echo "could not install wrk: the web benchmark will fail"; \
	else echo "no apt-get and no wrk: the web benchmark will fail"; fi

# Compiled first, as pip compiles an installed package: an editable install whose .pyc files are stale or
# missing (PYTHONDONTWRITEBYTECODE) would compile nato3 again in every process it times.
bench: setup bench-tools  ## Benchmarks, as ratios against a baseline measured in the same run
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m benchmarks

provenance: setup  ## After changing a bundled CSV on purpose: refresh hashes and row counts
	$(BIN)/python tools/refresh_provenance.py

clean:  ## Remove .venv, caches and build output (not your NATO3_HOME database)
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
