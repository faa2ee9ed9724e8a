# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test run test test-fast bench bench-load bench-load-postgres bench-faults pattern-study clean

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

# `make run PORT=5001` serves on another port when 5000 is taken.
# init is idempotent (about 2 s when there is nothing to do) and applies schema migrations,
# corpus edits and model retraining after an upgrade, so run always calls it.
run: install
	$(BIN)/storybank init
	$(BIN)/storybank serve --port $(PORT)

# The whole suite on SQLite, then everything that touches a database again on a throw-away PostgreSQL
# cluster. install_test_servers.sh first installs PostgreSQL, Redis and Chromium from Debian when they
# are missing and it can (root, apt-get); otherwise the tests that need them skip and say why.
test: install-test
	bash tests/install_test_servers.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --database=postgresql

# The suite without the tests marked slow: those that use deduce or a browser (marked by their
# fixtures) and those that start processes of their own (gunicorn, the installed wheel): about 90 s
# on the 2-core development machine, against about 10 minutes for `make test` (both databases).
# The type check runs in `make test` only (about 15 s without its cache); ruff takes under a second.
test-fast: install-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python -m bench

# Real servers on loopback under load (minutes; run on an otherwise quiet machine). See docs/benchmarks.md.
bench-load: install
	$(BIN)/python -m bench.load

# Two servers on a throw-away PostgreSQL (and Redis), installed from Debian like the tests' servers.
bench-load-postgres: install
	bash tests/install_test_servers.sh
	$(BIN)/python -m bench.load --servers 2 --workers 1 --postgres --output bench/results/load_postgres.json

bench-faults: install
	$(BIN)/python -m bench.faults

# Accuracy study on the K2 site text (needs ../shared/seeds); see bench/pattern_study.py.
pattern-study: install
	$(BIN)/python -m bench.pattern_study

clean:
	rm -rf $(VENV) build *.egg-info
