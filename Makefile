# Two entry points, each setting up what it needs first (see README):
#   make run   - the bot: the local chat over seeds/, or Telegram when TELEGRAM_BOT_TOKEN is set
#   make test  - the whole test suite
# Setup output goes to stderr, so `echo "question" | make run` prints only the answer.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newsbot-installed
# The CPU build of torch must be installed before anything that depends on torch: a plain
# `torch` requirement on a machine without it pulls a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: run test setup

run: $(STAMP)
	@$(BIN)/newsbot start

test: $(STAMP)
	@$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run: a few minutes)..." >&2
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH)" >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]" >&2
	@touch $(STAMP)
