# The README's two commands: `make build` (set up + build the bundled corpus), `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup build test lint clean screenshots

PIP_LOG := build/pip.log

# pip's own output goes to build/pip.log and is shown only when it fails.
$(BIN)/casegraph: pyproject.toml
	@echo "Installing casegraph into $(VENV) with spaCy and its English model, rdflib, pyoxigraph,"
	@echo "JupyterLab and the test tools (about a minute the first time; pip's log: $(PIP_LOG))"
	@$(PYTHON) -m venv $(VENV)
	@mkdir -p $(dir $(PIP_LOG))
	@{ $(BIN)/pip install --disable-pip-version-check --upgrade pip \
	   && $(BIN)/pip install --disable-pip-version-check -e ".[test]"; } > $(PIP_LOG) 2>&1 \
	   || { tail -n 40 $(PIP_LOG); echo "pip failed; its whole log is in $(PIP_LOG)"; exit 1; }
	@touch $@
	@echo "Installed; the command is $(BIN)/casegraph"

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
