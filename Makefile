# corpus_tools: `make setup && make reports`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# CPU build of torch; on a GPU machine use e.g. `make setup TORCH=torch` (CUDA build).
TORCH ?= torch==2.13.0
CORPUS ?= data/raw
OUT ?= build
REPORTS ?= reports
# Stanza models: $STANZA_RESOURCES_DIR, else the project's shared medium models if present (then its
# compact ones), else Stanza's default folder (filled by `corpus-tools models download`).
SHARED_MODELS := $(patsubst %/resources.json,%,$(wildcard $(abspath ../shared/stanza_resources_medium)/resources.json \
                                                          $(abspath ../shared/stanza_resources)/resources.json))
STANZA_RESOURCES_DIR ?= $(firstword $(SHARED_MODELS))
export STANZA_RESOURCES_DIR

.PHONY: setup reports build test bench lab clean

setup:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)"
	$(BIN)/pip install -q -e ".[dev,spacy]"
	@$(BIN)/python -c "from corpus_tools.nlp.models import find_stanza_dir as f; raise SystemExit(f() is None)" \
	  && echo "Stanza French models found." \
	  || timeout 600 $(BIN)/corpus-tools models download \
	  || echo "NOTE: Stanza's model hub is unreachable; see README 'Models' (builds fall back to spaCy meanwhile)."

build:
	$(BIN)/corpus-tools build --corpus $(CORPUS) --out $(OUT) --reports $(REPORTS) --no-reports

reports:
	$(BIN)/corpus-tools build --corpus $(CORPUS) --out $(OUT) --reports $(REPORTS)

test:
	$(BIN)/python -m pytest -q

# Full settings take about 20 minutes on 2 free cores; `make bench BENCH_ARGS=--quick` a few.
bench:
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lab:
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(OUT) $(REPORTS)/index.html $(REPORTS)/overview.html $(REPORTS)/actors $(REPORTS)/sources \
	  $(REPORTS)/documents $(REPORTS)/style.css $(REPORTS)/reports.js $(REPORTS)/.reports.json
