# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make demo   extract a bundled sample and print its JSON
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.kehoach-installed
DEMO_SAMPLE ?= samples/kon-tum-501-native.pdf

.PHONY: setup system-deps demo test lint bench bench-restore bench-ingest bench-records bench-real bench-ocr bench-hardening bench-report fuzz model channel samples schemas clean

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

# pip builds the compiled decoder loop (setup.py) in place; the editable install finds it there.
$(STAMP): pyproject.toml setup.py src/kehoach_cli/restore/_viterbi.c
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: setup
	@$(VENV)/bin/kehoach extract $(DEMO_SAMPLE)

# One pytest worker per core (pytest-xdist), a test file's tests on one worker so that its fixtures
# (an OCR'd scan read once for several tests) are built once.
test: setup
	@$(PY) -m pytest -q -n auto --dist loadfile

# Issue 16: ruff's rules and formatting on every Python folder, mypy on the package (settings in pyproject.toml).
LINT_PATHS := src tests bench fuzz scripts diacritics samples setup.py
# All three run, whatever the first finds; a file to format is one line, not its diff (--diff shows that).
lint: setup
	@status=0; \
	$(VENV)/bin/ruff check --output-format concise $(LINT_PATHS) || status=1; \
	$(VENV)/bin/ruff format --check --output-format concise $(LINT_PATHS) || status=1; \
	$(VENV)/bin/mypy src || status=1; \
	exit $$status

bench: setup
	@$(PY) bench/native.py
	@$(PY) bench/restore.py
	@$(PY) bench/batch.py

bench-restore: setup
	@$(PY) bench/restore.py

# OCR speed against tesseract, accuracy, memory (ingest.py); native-PDF speed (native.py).
bench-ingest: setup
	@$(PY) bench/ingest.py
	@$(PY) bench/native.py

# Record accuracy against the hand-checked files in samples/expected/ (row F1, exact fields, metadata).
bench-records: setup
	@$(PY) bench/records.py

# Task rows and metadata of real documents against the hand-checked truth in bench/truth/ (issue 14).
bench-real: setup
	@$(PY) bench/real.py

# Issue 15: syllable accuracy of OCR + restoration on the Tờ trình 91 scan (pages 2-15) against the
# hand-checked transcription in bench/truth/ocr/ (target 99.5 %). ARGS="--text FILE" scores a saved text.
bench-ocr: setup
	@$(PY) bench/ocr_accuracy.py $(ARGS)

# Issue 17: kehoach.sqlite + report.html of 1,000 plans of 30 tasks against tasks.csv, and their memory.
bench-report: setup
	@$(PY) bench/report.py

# Issue 7: the bad-input corpus and a fuzz run, as one table (bad inputs, fuzz executions, crashes, hangs...).
bench-hardening: setup
	@$(PY) bench/hardening.py

# The long fuzz run of the PDF ingest path (at least 100,000 executions); crashes land in fuzz/crashes/.
FUZZ_RUNS ?= 100000
fuzz: setup
	@mkdir -p fuzz/corpus fuzz/crashes
	@$(PY) fuzz/fuzz_pdf_ingest.py fuzz/corpus -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=300 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=fuzz/crashes/

# The diacritic-restoration model: English-OCR channel data, then the language and channel models.
# Fonts with full Vietnamese coverage to render the training pages in (DejaVu ships with Debian).
MODEL_FONTS := fonts-liberation2 fonts-freefont-ttf fonts-dejavu-core

channel: setup
	@bash scripts/install-system-deps.sh $(MODEL_FONTS)
	@$(PY) -m diacritics.ocr_channel --jobs 2
	@$(PY) -m diacritics.ocr_channel --heldout --jobs 2

model: setup channel
	@$(PY) -m diacritics.build_model

samples: setup
	@$(PY) samples/make_samples.py
	@$(PY) samples/make_text_samples.py
	@$(PY) samples/make_ocr_samples.py
	@$(PY) samples/make_variant_samples.py
	@$(PY) samples/make_corpus_plans.py

schemas: setup
	@$(VENV)/bin/kehoach schema plan-document > schemas/plan-document.schema.json
	@$(VENV)/bin/kehoach schema task-record > schemas/task-record.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
