# xlbudget — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint typecheck templates samples bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on a bundled sample.
demo: install
	@mkdir -p out
	$(BIN)/xlbudget template -o out/template-unit-2024.xlsx --unit 示例单位 --force
	$(BIN)/xlbudget template -o out/template-dept-2025.xlsx --profile dept-2025 --force

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check toolkit tests scripts

typecheck: install
	$(BIN)/mypy

templates: install
	$(BIN)/python scripts/build_templates.py

samples: install
	$(BIN)/python scripts/build_samples.py

bench: install
	@echo "no benchmarks yet"

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
