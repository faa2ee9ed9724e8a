# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORYBANK_INSTANCE ?= instance

.PHONY: install install-test run test bench pattern-study clean

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

run: install
	@if [ ! -f "$(STORYBANK_INSTANCE)/storybank.sqlite" ]; then $(BIN)/storybank init; fi
	$(BIN)/storybank serve

test: install-test
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

# Accuracy study on the K2 site text (needs ../shared/seeds); see bench/pattern_study.py.
pattern-study: install
	$(BIN)/python -m bench.pattern_study

clean:
	rm -rf $(VENV) build *.egg-info
