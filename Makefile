# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint dogfood docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Scan the bundled example repository and print the report (monitor mode: exits 0); then record
## a few scans and print the KPIs, DAST-scan the deliberately vulnerable app, replay an attack log.
demo: $(STAMP)
	$(BIN)/pavedroad scan examples/demo-repo --no-cache
	PAVEDROAD=$(BIN)/pavedroad bash examples/record_demo.sh
	$(BIN)/python examples/vulnerable-app/run_demo.py
	$(BIN)/pavedroad monitor examples/monitor/attack.log examples/monitor/cloudtrail.json --once

## Install dev dependencies and run the whole test suite.
test: $(STAMP)
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

## pavedroad scans its own repository, enforcing.
dogfood: $(STAMP)
	$(BIN)/pavedroad scan . --mode enforce --fail-on low --no-cache

docs: $(STAMP)
	$(BIN)/pavedroad rules docs --output docs/rules

bench: $(STAMP)
	$(BIN)/python benchmarks/secrets.py

clean:
	rm -rf $(VENV) .pavedroad build *.egg-info
