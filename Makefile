# Two commands from a fresh clone:
#   make run   - set up everything and start the service on SQLite with demo data
#   make test  - set up everything and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: run test setup db lint bench clean help

help:
	@echo "make run    set up and start the service with demo data (http://$(HOST):$(PORT))"
	@echo "make test   set up and run all tests (SQLite; set COMPLIANCE_TEST_DATABASE_URL for PostgreSQL)"
	@echo "make lint   ruff"
	@echo "make bench  run the benchmarks (quick sizes) and print every figure against its target"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)
	@mkdir -p instance && chmod 700 instance

db: setup
	$(BIN)/compliance db upgrade

run: db
	$(BIN)/compliance demo
	@echo "Serving on http://$(HOST):$(PORT)  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(BIN)/compliance run --host $(HOST) --port $(PORT)

test: setup
	@$(BIN)/python -c "import sys, shutil; sys.exit(0 if shutil.which('chromium') else 1)" || \
	  echo "NOTE: /usr/bin/chromium not found: browser tests will be skipped. Install it with: sudo apt-get install chromium"
	$(BIN)/ruff check compliance exports tests bench
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check compliance exports tests bench

bench: setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done
	@echo "== every figure against its target (bench/results/*.json)"
	@$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
