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

.PHONY: help install system-deps run test lint bench clean

help:
	@echo "make run    install and start F2L on http://$(HOST):$(PORT) (SQLite, in-process runs)"
	@echo "make test   install everything the tests need and run the whole suite"
	@echo "make lint   ruff + mypy"
	@echo "make bench  benchmarks against rclone on loopback servers (see bench/README.md)"

install:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)" \
	  || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	uv sync --frozen

system-deps:
	@scripts/system-deps.sh

run: install
	uv run f2l serve --host $(HOST) --port $(PORT)

CONTRACT := ../shared/contract

test: install system-deps
	@scripts/services.sh
	uv run pytest $(PYTEST_ARGS)
	@# The public contracts of the CLI and the API (shared/ sits beside the checkout in CI).
	@if [ -d $(CONTRACT) ]; then uv run pytest -p no:cacheprovider $(CONTRACT)/test_cli_contract.py \
	  $(CONTRACT)/test_api_contract.py; else echo "no $(CONTRACT): contract tests skipped"; fi

lint: install
	uv run ruff check src tests bench
	uv run mypy

bench: install system-deps
	uv run python -m bench.storage

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache
