# Two commands on a fresh machine: `make run` and `make test`; `make setup` is their shared first step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.setup-stamp
NPM_STAMP := node_modules/.setup-stamp

.PHONY: setup run build serve test lint clean bench bench-smoke

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end packages the app serves at /assets/ (YASGUI, Chart.js, vis-network): exactly the lockfile's versions.
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the web assets: install Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

build: setup
	$(BIN)/policykg --store $(STORE) ingest corpus/

serve: setup
	$(BIN)/policykg --store $(STORE) serve --host $(HOST) --port $(PORT)

run: build serve

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Benchmarks on demand (never timed unit tests): bench/results.json and bench/RESULTS.md. BENCH_ARGS adds options,
# e.g. make bench BENCH_ARGS='--sizes 100 1000 --note "two other jobs were running"'.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python -m bench.run --sizes 100 1000 10000 --rdflib-max 1000 --web-size 1000 $(BENCH_ARGS)

# The small smoke version of every benchmark that CI runs (asserts shapes, never timings).
bench-smoke: setup
	$(BIN)/python -m pytest tests/test_bench_smoke.py

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules data build *.egg-info
