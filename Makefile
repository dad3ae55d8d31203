# MHC Control Panel — every command the README names lives here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv is installed from PyPI into the user's Python when it is missing, at this version (the
# one uv.lock was written with; .ci/run and render.yaml install the same).
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY_SRC := src tests bench
FRONTEND := frontend
# The project's Python: a 3.12 when the machine has one (on PATH, or installed by pyenv), else
# uv's choice among 3.11+. On 3.12 the tests' coverage is measured through sys.monitoring
# (pyproject.toml, [tool.coverage.run]), which makes pytest about a quarter faster than the C
# tracer that 3.11 has to use. `make install PYTHON=python3.11` builds .venv with another.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell { python3.12 -c 'import sys; print(sys.executable)' \
	|| "$$(pyenv prefix 3.12)/bin/python3.12" -c 'import sys; print(sys.executable)'; } 2>/dev/null)
endif
# The installs, and the checks beside pytest, are mostly single-threaded (npm, ESLint, mypy):
# `make test` runs up to this many of them side by side.
CHECK_JOBS ?= 3
# Installed again when a lock file (or the Python asked for) changes: `npm ci` leaves the first
# behind, and the recipe below the second.
PY_ENV := .venv/.synced$(if $(PYTHON),-$(notdir $(PYTHON)))
NODE_ENV := $(FRONTEND)/node_modules/.package-lock.json

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	python3 -m pip install --user --quiet uv==$(UV_VERSION) \
		|| python3 -m pip install --user --quiet --break-system-packages uv==$(UV_VERSION)

.PHONY: install
install: $(PY_ENV) $(NODE_ENV) ## install Python and frontend dependencies

# Dependencies are compiled to bytecode as they are installed: with PYTHONDONTWRITEBYTECODE set
# (as on many CI machines) every process would otherwise compile each module it imports again,
# about a second for each `mhc` process the tests start.
$(PY_ENV): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode $(if $(PYTHON),--python $(PYTHON))
	touch $@

$(NODE_ENV): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund

.PHONY: frontend
frontend: install ## build the SPA into frontend/dist
	cd $(FRONTEND) && npm run build

.PHONY: run
run: frontend ## run the panel (embedded PostgreSQL, web on http://127.0.0.1:8000, worker)
	$(UV) run --frozen mhc run

.PHONY: demo
demo: frontend ## the panel fed by a simulated room, on its own database (password: demo)
	$(UV) run --frozen mhc demo

.PHONY: lint
lint: lint-python lint-frontend ## ruff, formatting, strict types, dependency rule; ESLint of the SPA

.PHONY: lint-python
lint-python: $(PY_ENV) ## ruff, formatting, strict types, dependency rule
	$(UV) run ruff check $(PY_SRC)
	$(UV) run ruff format --check $(PY_SRC)
	$(UV) run mypy
	$(UV) run lint-imports

.PHONY: lint-frontend
lint-frontend: install ## ESLint of the SPA (typescript-eslint, rules of hooks), no warning allowed
	cd $(FRONTEND) && npm run lint

.PHONY: api-types
api-types: install ## regenerate frontend/openapi.json and the TypeScript API types from the backend
	$(UV) run python -m mhc.entrypoints.openapi_dump > $(FRONTEND)/openapi.json
	cd $(FRONTEND) && npm run gen:api

.PHONY: bundle
bundle: install ## build the SPA into frontend/dist without typechecking it (what the browser tests serve)
	cd $(FRONTEND) && npx vite build --logLevel warn

# The typecheck is TypeScript 7's native compiler (package.json's `typescript7`); ESLint's
# type-aware rules run on TypeScript 5.9, whose API typescript-eslint needs.
.PHONY: check-frontend
check-frontend: install ## fail on stale API types; typecheck and size-check the built SPA
	@$(UV) run python -m mhc.entrypoints.openapi_dump | cmp -s - $(FRONTEND)/openapi.json \
		|| { echo "frontend/openapi.json is stale: run 'make api-types' and commit the result"; exit 1; }
	cd $(FRONTEND) && npm run check:api && npm run typecheck && npm run size

.PHONY: test-spa
test-spa: install ## the SPA's unit tests (Vitest)
	cd $(FRONTEND) && npm test

.PHONY: test-frontend
test-frontend: bundle test-spa ## build the SPA, unit-test it, then check it as check-frontend does
	$(MAKE) --no-print-directory check-frontend

.PHONY: checks
checks: lint check-frontend ## the static checks: lint, and the built SPA's API types, types and size

# One pytest worker per core, and one more that runs the tests that mostly wait and nothing else
# (tests/scheduling.py; `make test-python PYTEST_WORKERS=0` runs them all in one process); the
# browser tests come last. The ten slowest tests are listed at the end. The panel's own modules
# are compiled first, for the same reason as the dependencies in `install`.
PYTEST_WORKERS ?= auto

.PHONY: test-python
test-python: $(PY_ENV) ## unit, integration and browser tests with coverage, in parallel
	$(UV) run python -m compileall -q src
	$(UV) run pytest -n $(PYTEST_WORKERS) --durations=10 \
		--cov=mhc --cov-report=term --cov-fail-under=85

# pytest rewrites the asserts of every test module it imports and keeps the result as bytecode,
# unless PYTHONDONTWRITEBYTECODE is set: then each pytest process rewrote them all again, about
# half of its collection's time. One collection with bytecode written leaves them for the rest
# (pytest reads them either way); `make test` runs it beside the SPA's install and bundle. A
# module that fails to import is reported by the run itself.
.PHONY: test-bytecode
test-bytecode: $(PY_ENV)
	-PYTHONDONTWRITEBYTECODE= $(UV) run pytest --collect-only -q -p no:cacheprovider > /dev/null

.PHONY: test-live
test-live: $(PY_ENV) ## contract tests against the real services (read-only; tokens from the environment)
	$(UV) run pytest tests/contracts --live -p no:cacheprovider

# pytest leaves about a fifth of the two cores idle (its tests wait on browsers, processes and
# the database), and the static checks and the SPA's unit tests are mostly single-threaded: they
# run beside it at the lowest priority (`nice`), in that idle time rather than the tests', and
# their output (kept in CHECKS_LOG) is printed after pytest's. Nothing there depends on the
# machine's speed (the SPA's tests wait on conditions, with ceilings far above what they take).
# First the installs (side by side), the SPA's bundle (the browser tests serve it) and the tests'
# bytecode.
CHECKS_LOG := .checks.log

.PHONY: test
test: ## the whole test suite (what CI runs)
	$(MAKE) --no-print-directory --jobs=$(CHECK_JOBS) bundle test-bytecode
	$(MAKE) --no-print-directory --jobs=$$(( $(CHECK_JOBS) + 1 )) test-python checks-beside-pytest; \
		status=$$?; echo "== the static checks and the SPA's unit tests, run beside pytest:"; \
		cat $(CHECKS_LOG); exit $$status

.PHONY: checks-beside-pytest
checks-beside-pytest:
	nice -n 19 $(MAKE) --no-print-directory --output-sync=target checks test-spa \
		> $(CHECKS_LOG) 2>&1

.PHONY: bench
bench: frontend ## run every benchmark in bench/ (the page loads need the SPA built)
	for script in bench/bench_*.py; do $(UV) run python $$script || exit 1; done

.PHONY: clean
clean: ## remove build output and the local embedded database
	rm -rf $(FRONTEND)/dist .mhc .pytest_cache .mypy_cache .ruff_cache .coverage $(CHECKS_LOG)
