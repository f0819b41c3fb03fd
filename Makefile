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

# The lexical bridge reads Debian's Dutch-English dictionary where Debian installs it (GPL-2+, so it is
# not copied into the repository). Without it the index still builds and answers; `newsbot index info`
# says the bridge is off.
DICTIONARY := /usr/share/dictd/freedict-nld-eng.dict.dz

.PHONY: run test setup dictionary

run: $(STAMP)
	@$(BIN)/newsbot start

test: $(STAMP)
	@$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run: a few minutes)..." >&2
	@$(MAKE) --no-print-directory dictionary
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH)" >&2
	@# setuptools warns about editable installs in every mode (12 lines a developer's trial took for a fault)
	@PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]" >&2
	@touch $(STAMP)

dictionary:
	@test -f $(DICTIONARY) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's dict-freedict-nld-eng (the lexical bridge's dictionary)..." >&2; \
	    { apt-get install -y -qq dict-freedict-nld-eng || { apt-get update -qq && apt-get install -y -qq dict-freedict-nld-eng; }; } >/dev/null 2>&1 \
	      || echo "warning: could not install dict-freedict-nld-eng; the lexical bridge stays off" >&2; \
	  else \
	    echo "note: for the lexical bridge run: sudo apt-get install dict-freedict-nld-eng (then make run again)" >&2; \
	  fi; }
