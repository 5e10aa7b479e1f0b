# F2L — the two commands of the README are `make run` and `make test`; both install what
# they need on a fresh machine (Python packages into .venv via uv, Debian packages via apt).
SHELL := /bin/bash
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
# Byte-compile at install: machines that set PYTHONDONTWRITEBYTECODE would otherwise compile
# every imported module from source at each start (~1.9 s per `f2l` command here).
export UV_COMPILE_BYTECODE := 1
export PATH := $(HOME)/.local/bin:$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
# Commands run from the virtual environment directly: `uv run` would sync (and byte-compile
# ~8,400 files) again at every start. Tests also get .venv/bin on PATH (they run `f2l`).
IN_VENV := PATH="$(CURDIR)/$(BIN):$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)"
# Stamps: `uv sync` runs only when uv.lock or pyproject.toml changed (or .venv is new).
# `make run` installs the service's packages only; `make install`/`test`/`lint` add the dev tools.
RUN_STAMP := $(VENV)/.f2l-installed-run
DEV_STAMP := $(VENV)/.f2l-installed-dev
ENSURE_UV := command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)" \
	|| python3 -m pip install --quiet "uv==$(UV_VERSION)"

.PHONY: help install system-deps run test lint bench clean web web-check

help:
	@echo "make run    install and start F2L on http://$(HOST):$(PORT) (SQLite, in-process runs)"
	@echo "make test   install everything the tests need and run the whole suite"
	@echo "make lint   ruff (check, format), import-linter, mypy — make test runs it first"
	@echo "make bench  benchmarks against rclone on loopback servers (see bench/README.md)"

install: $(DEV_STAMP)

$(RUN_STAMP): uv.lock pyproject.toml
	@$(ENSURE_UV)
	uv sync --frozen --no-dev --inexact
	@touch $@

$(DEV_STAMP): uv.lock pyproject.toml
	@$(ENSURE_UV)
	uv sync --frozen
	@touch $@ $(RUN_STAMP)

system-deps:
	@scripts/system-deps.sh

run: $(RUN_STAMP) web
	exec $(BIN)/f2l serve --host $(HOST) --port $(PORT)

# The dashboard (web/): npm ci when its lock changed, then a Vite build into the package's static folder.
WEB_STAMP := web/node_modules/.f2l-installed
$(WEB_STAMP): web/package-lock.json web/package.json
	@command -v npm >/dev/null 2>&1 || { echo "make: the dashboard needs Node 20.19+ and npm" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: $(WEB_STAMP)
	cd web && npm run build

# The generated client matches the API (no drift), then tsc, eslint and Vitest.
web-check: $(WEB_STAMP) $(DEV_STAMP)
	cd web && F2L_PYTHON=$(BIN)/python npm run check:client
	cd web && npm run typecheck
	cd web && npm run lint
	cd web && npm test

CONTRACT := ../shared/contract

test: install system-deps lint web web-check
	@scripts/services.sh
	$(IN_VENV) $(BIN)/pytest $(PYTEST_ARGS)
	@# The dashboard in headless Chromium, in a process of its own (Playwright's sync API owns its loop).
	$(IN_VENV) $(BIN)/pytest -p no:cacheprovider tests/e2e
	@# The public contracts of the CLI and the API (shared/ sits beside the checkout in CI).
	@if [ -d $(CONTRACT) ]; then $(IN_VENV) $(BIN)/pytest -p no:cacheprovider $(CONTRACT)/test_cli_contract.py \
	  $(CONTRACT)/test_api_contract.py; else echo "no $(CONTRACT): contract tests skipped"; fi

# ruff (check and format), import-linter (layers point down: pyproject's contract), mypy.
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install system-deps
	$(IN_VENV) $(BIN)/python -m bench.storage

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
