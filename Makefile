# Two commands for a newcomer: `make run` (the local stack) and `make test` (everything CI runs).
# Each installs what it needs on first use and is fast once installed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
SAM_VENV  := .tools/sam
CHECKOV   := .tools/checkov
PIP_QUIET := --quiet --disable-pip-version-check
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= eu-west-1

help:
	@echo "make run    - the whole system locally on http://127.0.0.1:$${PORT:-3000} (no AWS, no Docker)"
	@echo "make test   - every check CI runs: lint, types, template, state machines, checkov, tests"
	@echo "make demo   - a Go Solid case to PAID and a NOWJOBS week to a settled direct debit, as a timeline"
	@echo "make static - only the static checks;  make unit | integration | e2e - one test layer"
	@echo "make verify - the safety proofs (authorisation matrix, concurrency, faults, fuzzing, PII in logs)"
	@echo "make openapi - regenerate docs/openapi.json from the code"
	@echo "make docs   - regenerate the state machine diagrams and the event catalogue (docs/diagrams, docs/events)"
	@echo "make bench  - cold starts, AWS calls, state transitions, scale; writes docs/performance.md"

# ------------------------------------------------------------------ environments
$(VENV)/.installed: requirements/dev.txt layers/common/requirements.txt
	@test -x $(PY) || "$$(tools/find-python)" -m venv $(VENV)
	@echo "installing the application environment ($(VENV))..."
	@$(PY) -m pip install $(PIP_QUIET) -r requirements/dev.txt 2>&1 | { grep -v '^WARNING: Location' || true; }
	@touch $@

$(SAM_VENV)/.installed: requirements/tools-sam.txt
	@test -x $(SAM_VENV)/bin/python || python3 -m venv $(SAM_VENV)
	@echo "installing aws-sam-cli and cfn-lint-serverless ($(SAM_VENV))..."
	@$(SAM_VENV)/bin/pip install $(PIP_QUIET) -r requirements/tools-sam.txt 2>&1 | { grep -v '^WARNING: Location' || true; }
	@touch $@

$(CHECKOV)/.installed: requirements/tools-checkov.txt
	@test -x $(CHECKOV)/bin/python || python3 -m venv $(CHECKOV)
	@echo "installing checkov ($(CHECKOV))..."
	@$(CHECKOV)/bin/pip install $(PIP_QUIET) -r requirements/tools-checkov.txt 2>&1 | { grep -v '^WARNING: Location' || true; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "installing node tools (asl-validator)..."
	@npm ci --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.installed $(SAM_VENV)/.installed $(CHECKOV)/.installed node_modules/.installed

# ------------------------------------------------------------------------ run
run: $(VENV)/.installed
	@$(PY) -m local_stack

# Both journeys on a fresh local stack (simulators on, virtual time), printed as a timeline: local_stack/demo.py
.PHONY: demo
demo: $(VENV)/.installed
	@$(PY) -m local_stack.demo

# ---------------------------------------------------------------------- checks
static: install
	@echo "== ruff";            $(VENV)/bin/ruff check .
	@echo "== mypy (strict)";   $(VENV)/bin/mypy
	@echo "== sam validate --lint"; $(SAM_VENV)/bin/sam validate --lint --template template.yaml 2>&1 | tail -1
	@echo "== cfn-lint + serverless rules"; $(SAM_VENV)/bin/cfn-lint -a cfn_lint_serverless.rules -- template.yaml && echo "no findings"
	@echo "== state machine files"; PATH="$(CURDIR)/$(SAM_VENV)/bin:$$PATH" $(PY) tools/check_statemachines.py template.yaml
	@echo "== checkov";         $(CHECKOV)/bin/checkov -f template.yaml --config-file .checkov.yaml | grep -E "Passed checks|FAILED|Check:" ; test $${PIPESTATUS[0]} -eq 0
	@$(MAKE) --no-print-directory build-check

# What `sam deploy` needs, checked here: the SAM transform CloudFormation runs (offline: cfn-lint does not
# run it), and `sam build` with the Lambda runtime's Python (tools/find-python) first on PATH, into a temporary
# directory (removed after; --no-cached keeps .aws-sam/ out of it), arm64 wheels from PyPI. The build is
# skipped, saying so, where no python3.13 is installed.
.PHONY: build-check
build-check: $(SAM_VENV)/.installed
	@echo "== SAM transform";   $(SAM_VENV)/bin/python tools/check_sam_transform.py template.yaml
	@echo "== sam build (python3.13)"; \
	py="$$(tools/find-python 2>/dev/null)"; \
	if [ -z "$$py" ] || ! "$$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))'; then \
	  echo "sam build: skipped, no python3.13 here (tools/find-python found $${py:-none}); the Lambda runtime needs it"; \
	  exit 0; fi; \
	dir="$$(mktemp -d)"; trap 'rm -rf "$$dir"' EXIT; start=$$(date +%s); \
	if PATH="$$(dirname "$$py"):$$PATH" $(SAM_VENV)/bin/sam build --template template.yaml --build-dir "$$dir/build" \
	     --no-cached --parallel > "$$dir/log" 2>&1; then \
	  echo "sam build: ok in $$(( $$(date +%s) - start )) s, $$(ls "$$dir/build" | grep -cv '^template.yaml$$') artifacts, $$("$$py" -V)"; \
	else tail -n 25 "$$dir/log"; echo "sam build: FAILED (log above)"; exit 1; fi

# `make test` runs every test, the safety proofs of issue 6 (tests/security) included, with their plugin:
# the figures table at the end, and the personal-data scan of every test's logs (docs/security.md).
# `make verify` runs the proofs alone (tests/security and the property tests: 2 to 3 minutes on 2 cores).
test: static
	@echo "== pytest (the safety proofs' figures at the end)"
	@$(PY) -m pytest -q -n 2 --dist loadfile -p tests.security.plugin

verify: $(VENV)/.installed
	@$(PY) -m pytest -q -n 2 --dist loadfile -p tests.security.plugin tests/security tests/unit/properties

unit: $(VENV)/.installed
	@$(PY) -m pytest -q tests/unit

integration: $(VENV)/.installed
	@$(PY) -m pytest -q tests/integration tests/local_stack

e2e: $(VENV)/.installed
	@$(PY) -m pytest -q tests/e2e

bench: install
	@$(PY) -m tools.bench

openapi: $(VENV)/.installed
	@$(PY) -m tools.openapi_document > docs/openapi.json && echo "docs/openapi.json regenerated"

# The state machine diagrams (docs/diagrams/) and the event catalogue (docs/events/), from the ASL and the models.
docs: $(VENV)/.installed
	@$(PY) -m tools.asl_diagram && $(PY) -m tools.event_catalogue && echo "docs/diagrams and docs/events regenerated"

.PHONY: help install run static test verify unit integration e2e bench openapi docs
