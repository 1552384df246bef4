# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make demo   extract a bundled sample and print its JSON
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.kehoach-installed
DEMO_SAMPLE ?= samples/kon-tum-501-native.pdf

.PHONY: setup system-deps demo test bench bench-restore bench-ingest bench-records bench-real bench-hardening bench-report fuzz model channel samples schemas clean

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

test: setup
	@$(PY) -m pytest -q

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
	rm -rf $(VENV) build *.egg-info .pytest_cache
