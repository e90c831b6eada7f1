# The course's two everyday commands are `make lab` and `make test`; the rest is for instructors
# and maintainers. Every target works on a fresh machine with only Python 3.11: the first one
# creates .venv and installs the project (pyproject.toml is the source of truth).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV       := .venv
VENV_PY    := $(VENV)/bin/python
STAMP      := $(VENV)/.installed

# The interpreter that creates .venv: python3.11, or python3 when that is 3.11.
# Deferred (=) so that `make help` never looks for it.
PYTHON_FOR_VENV = $(shell for py in python3.11 python3; do \
    "$$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && command -v "$$py" && break; \
    done)

# Extra arguments: `make lab LAB_ARGS="--port 8899"`, `make test PYTEST_ARGS="-n 0 -k data"`.
LAB_ARGS    ?=
# Tests spread over all cores, one test file per worker (tests in a file share servers and
# nbgrader course directories, so a file never splits across workers).
PYTEST_ARGS ?= -n auto --dist loadfile

# Debian packages: bubblewrap, the jail every piece of student code runs in while grading, and
# what the browser tests need (Playwright drives Debian's Chromium, it never downloads a browser
# of its own); acl lets the JupyterHub test's users reach this Python (setfacl).
SYSTEM_PACKAGES := bubblewrap chromium chromium-driver acl

# configurable-http-proxy, JupyterHub's proxy, from the npm registry (tests/test_jupyterhub.py),
# installed into .node/ (git-ignored) when neither it nor a global one is there.
HUB_PROXY := .node/node_modules/.bin/configurable-http-proxy

.PHONY: help venv lab test system-deps hub-proxy bench release clean distclean FORCE

help: ## List the targets
	@echo "Image convolution course: make TARGET"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	    awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'
	@echo
	@echo "Extra arguments: LAB_ARGS=\"...\" (make lab), PYTEST_ARGS=\"...\" (make test; default: $(PYTEST_ARGS))"

venv: $(STAMP) ## Create .venv and install the course with its test tools (run by the others)

# File-based, so it is incremental: reinstalls only when pyproject.toml changes, or when the set
# of the project's packages changes (an editable install maps the packages it found at install
# time; the stamp records them).
PACKAGES := $(sort $(patsubst %/__init__.py,%,$(wildcard solutions*/__init__.py autograder*/__init__.py coursekit*/__init__.py)))
ifneq ($(strip $(shell cat $(STAMP) 2>/dev/null)),$(PACKAGES))
$(STAMP): FORCE
endif
$(STAMP): pyproject.toml
	@set -e; \
	if ! $(VENV_PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
	    py="$(PYTHON_FOR_VENV)"; \
	    if [ -z "$$py" ]; then \
	        echo "error: Python 3.11 is needed: no python3.11, and python3 is not 3.11." >&2; \
	        echo "       Install Python 3.11 (or use conda: conda env create -f environment.yml)." >&2; \
	        exit 1; \
	    fi; \
	    if [ -e $(VENV) ]; then echo "Replacing $(VENV): it has no working Python 3.11."; rm -rf $(VENV); fi; \
	    echo "Creating $(VENV) with $$py"; \
	    "$$py" -m venv $(VENV); \
	fi; \
	echo "Installing the course and its test tools into $(VENV) (quiet; errors are shown)"; \
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --upgrade pip; \
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'; \
	echo "$(PACKAGES)" > $@

lab: $(STAMP) ## Open the course in JupyterLab (your work lives in workspace/)
	$(VENV_PY) -m autograder lab $(LAB_ARGS)

test: $(STAMP) system-deps hub-proxy ## Install everything needed, then run every test
	MPLBACKEND=Agg $(VENV_PY) -m pytest $(PYTEST_ARGS)

# bubblewrap (grading jails) and Debian's Chromium and ChromeDriver (browser tests), installed
# only when missing.
system-deps:
	@set -e; \
	if command -v bwrap >/dev/null 2>&1 && [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
	    && command -v setfacl >/dev/null 2>&1; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "note: apt-get is not available, so bubblewrap and Chromium were not installed;"; \
	    echo "      install bubblewrap (grading jails) and Chromium + ChromeDriver (browser tests) yourself."; \
	    exit 0; \
	fi; \
	sudo=""; \
	if [ "$$(id -u)" -ne 0 ]; then \
	    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else \
	        echo "note: not root and no sudo, so bubblewrap and Chromium were not installed;"; \
	        echo "      as root run: apt-get install $(SYSTEM_PACKAGES)"; \
	        exit 0; \
	    fi; \
	fi; \
	echo "Installing $(SYSTEM_PACKAGES) with apt-get (grading jails, browser tests)"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $(SYSTEM_PACKAGES) >/dev/null

# Node.js and npm come from apt-get when missing (root, or sudo), like the packages above.
hub-proxy:
	@set -e; \
	if [ -x $(HUB_PROXY) ] || command -v configurable-http-proxy >/dev/null 2>&1; then exit 0; fi; \
	if ! command -v npm >/dev/null 2>&1; then \
	    sudo=""; \
	    if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi; \
	    if command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" -eq 0 ] || [ -n "$$sudo" ]; }; then \
	        echo "Installing nodejs and npm with apt-get (JupyterHub's proxy, for the hub test)"; \
	        $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	        $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	    else \
	        echo "note: npm is missing, so configurable-http-proxy was not installed (the JupyterHub test needs it);"; \
	        echo "      install Node.js and npm, then run: npm install --prefix .node configurable-http-proxy"; \
	        exit 0; \
	    fi; \
	fi; \
	echo "Installing configurable-http-proxy into .node/ with npm (JupyterHub's proxy, for the hub test)"; \
	mkdir -p .node; \
	npm install --prefix .node --no-audit --no-fund --loglevel=error configurable-http-proxy@5 >/dev/null

bench: $(STAMP) ## Time grading, notebooks, im_conv_fast, widgets and the class report (table in benchmarks/results-*.md)
	$(VENV_PY) -m benchmarks

release: $(STAMP) ## Build the student release into release/
	$(VENV_PY) -m autograder release

clean: ## Remove build artefacts (keeps workspace/, your notebooks, and .venv)
	rm -rf release/ build/ dist/ *.egg-info .pytest_cache/ test-artifacts/ .node/
	find . -path ./$(VENV) -prune -o -path ./workspace -prune -o \
	    -type d -name __pycache__ -exec rm -rf {} +
	@echo "Kept workspace/: it holds learners' work. Delete it by hand to start the course afresh."

distclean: clean ## Also remove .venv (make venv rebuilds it)
	rm -rf $(VENV)

FORCE:
