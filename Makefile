# xlbudget — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test fuzz lint typecheck architecture templates samples docs bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

# The main job on bundled samples: check a published book (its one real error, exit 1 expected)
# and a clean one, then write a blank template.
demo: install
	@mkdir -p out
	$(BIN)/xlbudget check samples/published/004.xlsx --annotate out/004-annotated.xlsx \
		|| echo "（退出码 1 符合预期：该工作簿有 1 处错误 / exit 1 expected: one error）"
	$(BIN)/xlbudget check samples/park-2024.xlsx
	$(BIN)/xlbudget narrate samples/park-2024.xlsx -o out/park-2024-说明.docx --force
	rm -rf out/fixed && $(BIN)/xlbudget fix samples/*.xlsx samples/published/ -o out/fixed \
		--summary out/fix-summary.json
	$(BIN)/xlbudget template -o out/template-unit-2024.xlsx --unit 示例单位 --force

test: install
	$(BIN)/python -m pytest -q

fuzz: install
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -p no:warnings tests/fuzz

lint: install
	$(BIN)/ruff check toolkit tests scripts bench

typecheck: install
	$(BIN)/mypy

architecture: install
	$(BIN)/python scripts/check_architecture.py

templates: install
	$(BIN)/python scripts/build_templates.py

samples: install
	$(BIN)/python scripts/build_samples.py

docs: install
	$(BIN)/python scripts/gen_docs.py

bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/stages.py 100
	$(BIN)/python bench/check_speed.py 100 1000
	$(BIN)/python bench/fix_speed.py 100 1000
	$(BIN)/python bench/province.py 1000
	$(BIN)/python bench/generalisation.py --pairs --triples 30 --limit 1500

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
