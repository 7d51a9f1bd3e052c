# The two commands a new user needs: `make run` and `make test`.
# Each sets up .venv on first use (and again only when pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= annotations/store.json

.PHONY: run test check bench clean

run: $(VENV)/.compiled
	$(BIN)/claimdesk seeds --store $(STORE)

test: check $(VENV)/.compiled
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Part of `make test`: lint, format, types and the import contracts, before the suite runs.
check: $(VENV)/.installed-test
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.compiled
	$(BIN)/python bench/segment.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/reader.py
	$(BIN)/python bench/linking.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/store_growth.py
	$(BIN)/python bench/terminal.py
	$(BIN)/python bench/commands.py
	$(BIN)/python bench/corpus.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setup.py builds the compiled parts (tui/text/*.c) in place: a change to one is built again here.
$(VENV)/.installed: pyproject.toml setup.py $(wildcard tui/text/*.c) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# claimdesk's own modules byte-compiled, as pip compiles an installed package's: an editable install
# leaves them to be compiled on first import, and where PYTHONDONTWRITEBYTECODE is set (CI, some
# containers) that would happen again at every launch (35 ms of a 280 ms `claimdesk tag`).
$(VENV)/.compiled: $(VENV)/.installed $(shell find tui -name '*.py')
	$(BIN)/python -m compileall -q tui
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py $(wildcard tui/text/*.c) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info tui/text/_*.so
