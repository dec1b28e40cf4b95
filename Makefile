# Quick start: `make demo` (a whole handover, offline) and `make test` (the suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export SAM_CLI_TELEMETRY := 0
export PATH := $(PATH):/usr/sbin:/usr/local/sbin

.PHONY: demo test lint format validate typecheck asl build serve clean mariadb chromium screenshots

$(BIN)/handover: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (the Lambda runtime is python3.11); install it or run make PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

mariadb:
	@scripts/ensure-mariadb

chromium:
	@scripts/ensure-chromium

demo: $(BIN)/handover mariadb
	$(BIN)/handover local demo

test: $(BIN)/handover mariadb chromium
	$(BIN)/pytest

# The README's pictures of the web page, taken by its browser tests.
screenshots: $(BIN)/handover mariadb chromium
	HANDOVER_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/test_web.py

lint: $(BIN)/handover
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/handover
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(BIN)/handover typecheck
	$(BIN)/python -m handover_cli.local.asl --check
	$(BIN)/sam validate --lint
	$(BIN)/cfn-lint template.yaml --append-rules cfn_lint_serverless.rules

# mypy on the layer's package, then on each function (each is a module named app).
typecheck: $(BIN)/handover
	$(BIN)/mypy layers/handover/handover
	@for app in functions/*/app.py; do echo "mypy $$app"; $(BIN)/mypy $$app || exit 1; done

# statemachine/handover.asl.json is rendered from handover.asl.yaml; edit the YAML.
asl: $(BIN)/handover
	$(BIN)/python -m handover_cli.local.asl

build: $(BIN)/handover
	find layers functions -name __pycache__ -prune -exec rm -rf {} +  # no stale bytecode in the artifacts
	$(BIN)/sam build
	$(BIN)/python scripts/check-build

clean:
	rm -rf $(VENV) .aws-sam .pytest_cache .ruff_cache
