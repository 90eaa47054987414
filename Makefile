# Two commands matter: `make run` (set up and serve) and `make test` (the whole suite).
# Everything else is a step they share.

# Settings (HOST, PORT, DATABASE_URL, ...) come from the environment, `make run PORT=9000`
# (make exports command-line variables) or .env; their defaults live in app/config.py only.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Playwright (the reader's browser tests) drives Debian's chromium; it never fetches its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test screenshots bench bench-scale load fuzz lock clean setup codebook
.DEFAULT_GOAL := run

## run: create the venv, migrate, load the seed if it changed, and serve on HOST:PORT
run: setup
	$(BIN)/parley serve

## setup: everything `run` does before serving. `parley status` knows whether the loaded
## dataset is the one in seed/ (and was built by this loader); only then is loading skipped,
## so a failed or interrupted load is simply retried next time.
setup: $(VENV)/.installed
	$(BIN)/parley migrate
	$(BIN)/parley status || $(BIN)/parley load

## test: install the test tools and run the linters, mypy and the whole test suite, then the
## tests of the API, the migrations and the loader again on PostgreSQL (a fresh database on
## the server in PARLEY_TEST_POSTGRES_URL, or the local PostgreSQL 15 that
## scripts/start-postgres starts; without one, CI fails and a local run skips them, saying why)
test: $(VENV)/.dev-installed
	scripts/install-chromium      # the browser the docs pages and the reader are tested in
	scripts/install-axe >/dev/null  # axe-core, the accessibility check injected in the reader
	scripts/install-bench-tools   # wrk, for the smoke runs of make bench and make load
	$(BIN)/ruff check app migrations seed tests bench
	$(BIN)/ruff format --check app migrations seed tests bench
	$(BIN)/mypy app migrations bench   # --strict, configured in pyproject.toml
	$(BIN)/python -m pytest
	PARLEY_TEST_POSTGRES_URL="$${PARLEY_TEST_POSTGRES_URL:-$$(scripts/start-postgres)}" \
	  $(BIN)/python -m pytest --engine postgresql $(POSTGRES_TESTS)

# What touches the database: the API contract, PostgreSQL's migrations and loads, and the
# comparison of every search with SQLite's.
POSTGRES_TESTS := tests/api tests/test_postgresql.py

## screenshots: refresh the screenshots the README shows (docs/screenshots), from the reader's
## browser tests; a plain `make test` leaves them in build/screenshots
screenshots: $(VENV)/.dev-installed
	scripts/install-chromium
	scripts/install-axe >/dev/null
	PARLEY_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/web/test_reader_browser.py -k screenshots

## bench: parley as `make run` serves it vs FastAPI's hello world and Datasette, loaded by wrk
## in one run (a few minutes); options: `make bench BENCH_ARGS="--quick --json out.json"`
bench: $(VENV)/.installed
	scripts/install-bench-tools
	$(BIN)/python -m bench $(BENCH_ARGS)

## bench-scale: the API on a million synthetic positions (built once under data/), measured
## with wrk; SCALE_ARGS passes options, e.g. SCALE_ARGS="--positions 100000 --documents 1000"
bench-scale: $(VENV)/.dev-installed
	scripts/install-bench-tools
	$(BIN)/python -m bench.scale $(SCALE_ARGS)

## load: parley as `make run` serves it, under two bounded rounds of wrk at 256 connections
## (>= 100,000 requests each) over a mix of hits, misses, exports, 304s and errors; fails on
## any socket error, timeout or unasked-for status, or RSS growth over 10 % between rounds
## (a few minutes). Options: `make load LOAD_ARGS="--quick --json out.json"`
load: $(VENV)/.installed
	scripts/install-bench-tools
	$(BIN)/python -m bench.load $(LOAD_ARGS)

## fuzz: schemathesis over the API's schema, many more examples than `make test` and a new
## seed each run (FUZZ_SEED=n replays one); prints a summary and every failure
FUZZ_EXAMPLES ?= 300
fuzz: $(VENV)/.dev-installed
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SEED=$${FUZZ_SEED:-random} \
	  $(BIN)/python -m pytest tests/test_fuzz.py -q -s -p no:cacheprovider

## codebook: regenerate the vocabulary tables of seed/README.md from app/vocabulary.py
codebook: $(VENV)/.installed
	$(BIN)/parley codebook --write

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
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

## lock: recompute the locked requirements from pyproject.toml (needs pip-tools)
lock: $(VENV)/.created
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --no-emit-find-links \
	  --no-emit-index-url --strip-extras --allow-unsafe --all-build-deps -o runtime.txt ../pyproject.toml
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --no-emit-find-links \
	  --no-emit-index-url --strip-extras --allow-unsafe --all-build-deps --extra dev -o dev.txt ../pyproject.toml

clean:
	rm -rf $(VENV) data .pytest_cache .bench
