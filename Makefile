# The README's two commands: `make build` (set up + build the bundled corpus), `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup build test lint clean screenshots

$(BIN)/casegraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/casegraph

build: setup
	$(BIN)/casegraph build

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The README's screenshots of the view (docs/screenshot*.png); the tests never write docs/.
screenshots: setup
	$(BIN)/python bench/screenshots.py --out docs

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
