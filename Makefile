# Two commands matter: `make run` (set up and serve) and `make test` (the whole suite).
# Everything else is a step they share.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
DB_FILE ?= data/parley.sqlite3
DATABASE_URL ?= sqlite:///$(CURDIR)/$(DB_FILE)
export HOST PORT DATABASE_URL

SEED_FILES := $(shell find seed -type f \( -name '*.yaml' -o -name '*.txt' \) 2>/dev/null)
MIGRATIONS := $(wildcard migrations/versions/*.py)

.PHONY: run test lint bench lock clean setup
.DEFAULT_GOAL := run

## run: create the venv, migrate, load the seed if it changed, and serve on HOST:PORT
run: setup
	$(BIN)/parley serve

## setup: everything `run` does before serving
setup: $(DB_FILE)

## test: install the test tools and run the linters and the whole test suite
test: $(VENV)/.dev-installed
	$(BIN)/ruff check app migrations seed tests bench
	$(BIN)/ruff format --check app migrations seed tests bench
	$(BIN)/python -m pytest

## bench: measure request latency against a baseline taken in the same run
bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	touch $@

# Locked, hash-checked installs: a fresh machine gets exactly what CI tested.
$(VENV)/.installed: $(VENV)/.created requirements/runtime.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements/dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

# The database is rebuilt from the migrations and reloaded whenever the seed or a
# migration is newer than it.
$(DB_FILE): $(VENV)/.installed $(SEED_FILES) $(MIGRATIONS)
	$(BIN)/parley migrate
	$(BIN)/parley load
	touch $@

## lock: recompute the locked requirements from pyproject.toml (needs pip-tools)
lock: $(VENV)/.created
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --no-emit-find-links \
	  --no-emit-index-url --strip-extras --allow-unsafe --all-build-deps -o runtime.txt ../pyproject.toml
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --no-emit-find-links \
	  --no-emit-index-url --strip-extras --allow-unsafe --all-build-deps --extra dev -o dev.txt ../pyproject.toml

clean:
	rm -rf $(VENV) data .pytest_cache
