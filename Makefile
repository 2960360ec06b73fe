# GreenMap: `make demo` to try it, `make test` to run the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: demo test install dev system-deps lint typecheck pytest benchmarks clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "GreenMap needs Python 3.11+"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing: installing it with apt-get"; rm -rf $(VENV); \
	  $(APT) update -qq && $(APT) install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

## demo: create .venv, install, load the bundled layers and the plan into SQLite, serve :5000
demo: install
	$(BIN)/greenmap demo

## system-deps: PostgreSQL + PostGIS and Chromium for the tests, from Debian/Ubuntu packages
system-deps:
	@missing=""; \
	ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || missing="$$missing postgresql postgresql-postgis"; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v ogr2ogr >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	if [ -z "$$missing" ]; then echo "System packages present: PostGIS, Chromium, GDAL."; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing:$$missing"; $(APT) update -qq && $(APT) install -y -qq $$missing; \
	else echo "Please install:$$missing (no apt-get here)"; exit 1; fi

lint: dev
	$(BIN)/ruff check .

typecheck: dev
	$(BIN)/mypy

pytest: dev system-deps
	$(BIN)/pytest

## test: dev extras, system packages, then lint, type check and the whole suite on SQLite and PostGIS
test: dev system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

benchmarks: dev system-deps
	$(BIN)/python benchmarks/bbox_query.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache build dist
