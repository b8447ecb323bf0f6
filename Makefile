# streamkap.cloud: the README's commands. Everything runs from the project's own files:
# a venv in .venv, the collection installed into build/collections, the simulator on loopback.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
VPY := $(VENV)/bin/python
SIM_PORT ?= 8000
COLLECTIONS_DIR := $(CURDIR)/build/collections
STAMP := $(VENV)/.installed

# Playbooks must use the venv's interpreter: discovery could pick a broken python shim.
export ANSIBLE_PYTHON_INTERPRETER := $(VPY)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_DIR)
export ANSIBLE_LOCALHOST_WARNING := false
export ANSIBLE_INVENTORY_UNPARSED_WARNING := false
export PATH := $(VENV)/bin:$(PATH)

.PHONY: help venv install demo simulator docs test test-units test-simulator test-integration \
        test-sanity test-lint test-docs test-ecosystem test-molecule bench clean connector-keys

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	touch $@

venv: $(STAMP)  ## create .venv with the pinned test requirements

# Reinstalled whenever a file that ships in the collection changes.
COLLECTION_FILES := galaxy.yml $(shell find plugins roles meta -type f -not -path '*/__pycache__/*' 2>/dev/null)
INSTALLED := $(COLLECTIONS_DIR)/.installed

$(INSTALLED): $(STAMP) $(COLLECTION_FILES)
	rm -rf $(COLLECTIONS_DIR)/ansible_collections/streamkap/cloud
	$(VENV)/bin/ansible-galaxy collection build --force --output-path build/dist . >/dev/null
	$(VENV)/bin/ansible-galaxy collection install --force -p $(COLLECTIONS_DIR) \
		build/dist/streamkap-cloud-$$(sed -n 's/^version: *//p' galaxy.yml).tar.gz >/dev/null
	touch $@

install: $(INSTALLED)  ## install this collection into build/collections

simulator: $(STAMP)  ## run the Streamkap API simulator in the foreground (127.0.0.1:$SIM_PORT)
	$(VPY) -m tests.simulator --port $(SIM_PORT)

demo: install  ## a PostgreSQL source, a Snowflake destination and a pipeline against the simulator, twice (changed, then ok)
	SIM_PORT=$(SIM_PORT) VPY=$(VPY) tools/demo.sh

docs: install  ## regenerate docs/modules/ from the modules' DOCUMENTATION
	$(VPY) tools/render_module_docs.py

test: install  ## run every test suite
	$(MAKE) --no-print-directory test-units test-simulator test-integration test-ecosystem \
		test-molecule test-docs test-sanity test-lint

test-units: $(STAMP)  ## unit tests (mocked HTTP)
	$(VPY) -m pytest tests/unit -q -p no:cacheprovider

test-simulator: $(STAMP)  ## the simulator's own suite, against a live server on loopback
	$(VPY) -m pytest tests/simulator -q -p no:cacheprovider

test-integration: install  ## real ansible-playbook runs against the live simulator
	$(VPY) -m pytest tests/integration -q -p no:cacheprovider -n 2

test-sanity: $(STAMP)  ## ansible-test sanity (no ignore files)
	# pip's chatter from the per-test venvs is filtered; ansible-test's exit code still counts.
	tests/tooling/ansible_test.sh sanity --venv --python 3.11 --color no 2>&1 \
		| { grep -vE '^(Looking in|Processing|Collecting|Downloading|Installing|Attempting|  |Successfully|Requirement|WARNING: Location)' || true; }

test-lint: install  ## ansible-lint --profile production, antsibull-changelog lint
	$(VENV)/bin/ansible-lint --profile production --nocolor
	$(VENV)/bin/antsibull-changelog lint

test-ecosystem: install  ## the sources role run as AWX runs a job (ansible-runner), credential type, ansible-builder
	$(VPY) -m pytest tests/ecosystem -q -p no:cacheprovider

test-molecule: install  ## molecule scenarios of the sources role (default, absent) against the simulator
	cd extensions && $(VENV)/bin/molecule test -s default
	cd extensions && $(VENV)/bin/molecule test -s absent

test-docs: install  ## the module reference pages match the modules' DOCUMENTATION
	$(VPY) tools/render_module_docs.py --check

bench: install  ## benchmarks against the simulator on loopback; writes docs/performance.md
	$(VPY) -m tests.benchmarks

connector-keys:  ## regenerate the offline connector key table: PROVIDER_DIR=<provider>/internal/generated [PROVIDER_COMMIT=<sha>]
	@test -n "$(PROVIDER_DIR)" || { echo "usage: make connector-keys PROVIDER_DIR=<provider checkout>/internal/generated [PROVIDER_COMMIT=<sha>]" >&2; exit 2; }
	$(PYTHON) tools/generate_connector_keys.py "$(PROVIDER_DIR)" $(if $(PROVIDER_COMMIT),--commit $(PROVIDER_COMMIT))

clean:  ## remove build output (keeps .venv)
	rm -rf build collections tests/output .pytest_cache
