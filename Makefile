# BackActive: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install clean messages exercise-sheet

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## run: create the virtual environment, install, prepare the demo database, serve on http://127.0.0.1:8000
run: $(STAMP)
	DEBUG=1 $(BIN)/backactive migrate --noinput
	DEBUG=1 $(BIN)/backactive demo
	DEBUG=1 $(BIN)/backactive runserver 127.0.0.1:8000

## test: the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
test: $(STAMP)
	$(BIN)/pytest

## lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy backactive config

## bench: the performance benchmarks; they print their figures
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

## exercise-sheet: every exercise's still and animation frames, all levels, as PNG pages in build/exercise-sheet/
exercise-sheet: $(STAMP)
	$(BIN)/python -m backactive.exercises.sheet build/exercise-sheet

## messages: collect the translatable strings (German, English) and compile the catalogues
messages: $(STAMP)
	cd backactive && DEBUG=1 ../$(BIN)/backactive makemessages -l de -l en --no-location --no-obsolete
	cd backactive && DEBUG=1 ../$(BIN)/backactive compilemessages -l de -l en

clean:
	rm -rf $(VENV) data build *.egg-info
