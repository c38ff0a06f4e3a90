# BackActive: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The local settings, chosen explicitly: without them every `backactive` command that serves HTTP
# uses the production settings (and refuses to start without SECRET_KEY).
LOCAL := DJANGO_SETTINGS_MODULE=config.settings.local DEBUG=1

.PHONY: run worker test lint bench bench-http bench-region install clean messages exercise-sheet screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## run: create the virtual environment, install, prepare the demo database, serve on http://127.0.0.1:8000
## with a background worker beside the server (imports run as jobs); Ctrl-C stops both.
run: $(STAMP)
	$(LOCAL) $(BIN)/backactive migrate --noinput
	$(LOCAL) $(BIN)/backactive demo
	$(LOCAL) sh -c '$(BIN)/backactive worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; $(BIN)/backactive runserver 127.0.0.1:8000'

## worker: only the background worker (for a second terminal, or beside another server)
worker: $(STAMP)
	$(LOCAL) $(BIN)/backactive worker

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

## bench-http: backactive serve (production settings, 2 workers) on SQLite and PostgreSQL under wrk,
## 8 connections for 15 s per figure; median, p95 and requests/s beside /health/ (needs wrk)
bench-http: $(STAMP)
	$(BIN)/python benchmarks/bench_http.py

## bench-region: region scale on a PostgreSQL cluster of its own (fsync on): 100 practices, 100,000 patients,
## 20 million diary rows; GP page median/p95/p99, patient list, diary writes, each beside /health/.
## The fill takes long; BENCH_ARGS="--keep" keeps the data, "--reuse" measures it again (benchmarks/bench_region.py)
bench-region: $(STAMP)
	$(BIN)/python benchmarks/bench_region.py $(BENCH_ARGS)

## exercise-sheet: every exercise's still and animation frames, all levels, as PNG pages in build/exercise-sheet/
exercise-sheet: $(STAMP)
	$(BIN)/python -m backactive.exercises.sheet build/exercise-sheet

## screenshots: the README's screenshots (GP screen, follow-up panel, phone diary), made from the demo
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py

## messages: collect the translatable strings and compile the catalogues. German and English hold
## every string; the patient languages (Turkish, Russian, Ukrainian, Arabic, Polish) hold them too,
## with the files they come from, so the test knows which ones a patient reads and must be translated
## (tests/core/test_translations.py, PATIENT_SOURCES); `python docs/translation/untranslated.py` lists the gaps.
ADDED_LANGS := tr ru uk ar pl
messages: $(STAMP)
	cd backactive && $(LOCAL) ../$(BIN)/backactive makemessages -l de -l en --no-location --no-obsolete
	cd backactive && $(LOCAL) ../$(BIN)/backactive makemessages $(ADDED_LANGS:%=-l %) --add-location=file --no-obsolete
	cd backactive && $(LOCAL) ../$(BIN)/backactive compilemessages -l de -l en $(ADDED_LANGS:%=-l %)

clean:
	rm -rf $(VENV) data build *.egg-info
