# Betterment kit. Two commands on a fresh machine:
#   make demo   set up .venv and run every workbook on the demo workshop, write the report
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out/demo

.PHONY: demo test test-fast bench lint voila apps lab clean help

help:
	@echo "make demo    run every workbook on datasets/demo, report in $(OUT)/report.html"
	@echo "make test    the whole test suite (unit, workbooks, Voila in headless Chromium)"
	@echo "make bench   benchmarks; figures in bench/results.json"
	@echo "make voila   serve the workbooks as web apps on http://127.0.0.1:8866"
	@echo "make apps    kit serve on a fresh copy of the demo (out/apps-workshop): links, QR code, warm kernels"
	@echo "make lab     open JupyterLab on the workbooks"

# The venv is (re)installed when pyproject.toml or constraints.txt change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kit run datasets/demo --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not workbooks and not browser"

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .

voila: $(STAMP)
	$(BIN)/voila workbooks --Voila.ip=127.0.0.1 --no-browser

# A fresh copy of the demo on each run: what the apps save never touches datasets/demo.
PARTICIPANTS ?= 8
apps: $(STAMP)
	rm -rf out/apps-workshop
	mkdir -p out
	cp -R datasets/demo out/apps-workshop
	$(BIN)/kit serve out/apps-workshop --participants $(PARTICIPANTS)

lab: $(STAMP)
	$(BIN)/jupyter lab workbooks --allow-root

clean:
	rm -rf out .pytest_cache
