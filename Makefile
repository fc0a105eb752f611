# nianbao — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench golden clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: check the seed example and draft its report with the built-in writer (no model needed)
demo: $(STAMP)
	$(BIN)/nianbao check examples/guguantun-2024/counts.yaml
	$(BIN)/draft-report --data examples/guguantun-2024/counts.yaml --out demo-out --offline

## test: the test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## golden: regenerate the renderers' golden files (tests/golden/); review the diff
golden: $(STAMP)
	$(BIN)/python -m tests.regen_golden

## bench: benchmarks that print their figures
bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/draft_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache demo-out
