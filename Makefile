# Lantern: `make demo` runs it, `make test` tests it. See README.md and docs/.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
ASSETS := lantern/frontend/build/.built

.PHONY: help install install-dev assets demo test test-sqlite test-postgres lint format browser clean lock

help:
	@echo "make demo   install everything, seed the demo and start Lantern (web + worker)"
	@echo "make test   install what the tests need, lint, and run the suite (SQLite, PostgreSQL)"
	@echo "make lint   ruff, mypy, djlint and import-linter"

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --inexact --no-dev
	@touch $@

$(VENV)/.installed-dev: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --inexact
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ASSETS): node_modules/.package-lock.json $(shell find lantern/frontend/assets -type f 2>/dev/null) scripts/build-assets.mjs
	node scripts/build-assets.mjs
	@touch $@

assets: $(ASSETS)

lock:
	$(UV) lock

demo: install assets
	$(BIN)/lantern demo

# Debian's Chromium for the browser journeys; never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy config lantern
	$(BIN)/djlint lantern --lint
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-sqlite: install-dev assets browser
	$(BIN)/pytest -q -n 2 --durations=30

test-postgres: install-dev assets browser
	@if [ -n "$$LANTERN_TEST_POSTGRES_URL" ]; then \
	  echo "== PostgreSQL: $$LANTERN_TEST_POSTGRES_URL"; \
	  LANTERN_TEST_DATABASE_URL="$$LANTERN_TEST_POSTGRES_URL" $(BIN)/pytest -q -n 2 -m "not e2e" --durations=30; \
	else echo "LANTERN_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"; fi

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) node_modules lantern/frontend/build var/static
