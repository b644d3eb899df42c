# Adoption Advisor: the targets the README names.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup prerequisites run test test-llm lint typecheck check bench reindex clean

# torch is pinned in pyproject.toml and installed in the same pip command as the rest,
# so pip never picks a newer CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python -m assistant ui

# Chromium and poppler-utils from Debian: installed when missing (as root), else one line
# says what to install and the run stops.
prerequisites:
	bash scripts/test-prerequisites.sh

test: setup prerequisites
	$(BIN)/python -m pytest -q

# Real conversations with a small local model (llama-server and Qwen2.5-Coder-1.5B, see
# assistant/local_llm.py); skipped with the reason when the server or model is missing.
test-llm: setup
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python -m pytest -q -m llm tests/llm

lint: setup
	$(BIN)/ruff check assistant ui tests scripts
	$(BIN)/ruff format --check assistant ui tests scripts

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test

bench: setup
	$(BIN)/python -m assistant bench

reindex: setup
	$(BIN)/python scripts/reindex.py

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache
