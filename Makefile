# The only entry points. CI calls `make test` (see .ci/run).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint bench mutants setup vendor build browser postgres dist clean

$(BIN)/.base: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(BIN)/.test: $(BIN)/.base
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(BIN)/.mutants: $(BIN)/.test
	$(BIN)/python -m pip install -q -e '.[test,mutants]'
	touch $@

vendor: $(BIN)/.base
	$(BIN)/python scripts/vendor.py

build: vendor
	$(BIN)/python scripts/build.py

setup: build

browser: $(BIN)/.test
	$(BIN)/python scripts/ensure_browser.py

postgres: $(BIN)/.test
	$(BIN)/python scripts/ensure_postgres.py

run: setup
	$(BIN)/python -m pyapp serve --host $(HOST) --port $(PORT)

lint: $(BIN)/.test
	$(BIN)/python -m ruff check pyapp tests scripts benchmarks
	$(BIN)/python -m mypy

test: setup browser postgres lint
	$(BIN)/python -m pytest --durations=20 $(PYTEST_ARGS)

bench: setup browser postgres
	$(BIN)/python scripts/bench.py

# Mutation testing (not part of `make test`): MUTANTS_ARGS="--scope core,proxy --budget-min 60".
mutants: $(BIN)/.mutants
	$(BIN)/python scripts/mutants.py $(MUTANTS_ARGS)

dist: setup
	$(BIN)/python scripts/build.py --dist dist

clean:
	rm -rf $(VENV) static/vendor static/build static/data dist mutants
