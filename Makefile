# streamkap.cloud: the README's commands. Everything runs from the project's own files:
# a venv in .venv, the collection installed into build/collections, the simulator on loopback.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
VPY := $(VENV)/bin/python
SIM_PORT ?= 8000
# The service `make api-drift` checks the API facts against.
API_URL ?= https://api.streamkap.com
COLLECTIONS_DIR := $(CURDIR)/build/collections
STAMP := $(VENV)/.installed

# Playbooks must use the venv's interpreter: discovery could pick a broken python shim.
export ANSIBLE_PYTHON_INTERPRETER := $(VPY)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_DIR)
export ANSIBLE_LOCALHOST_WARNING := false
export ANSIBLE_INVENTORY_UNPARSED_WARNING := false
export PATH := $(VENV)/bin:$(PATH)

.PHONY: help venv install demo simulator docs test test-units test-simulator test-contract test-integration \
        test-sanity test-lint test-docs test-ecosystem test-eda test-molecule test-smoke test-packaging \
        test-matrix test-live test-live-sim bench clean connector-keys api-drift

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.txt tests/requirements.txt tests/requirements-suite.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	touch $@

venv: $(STAMP)  ## create .venv with the pinned test requirements

# Reinstalled whenever a file that ships in the collection changes.
COLLECTION_FILES := galaxy.yml $(shell find plugins roles meta docs extensions/eda playbooks -type f -not -path '*/__pycache__/*' 2>/dev/null)
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

DOCSITE := build/docsite

# antsibull-docs renders the installed collection (module, role and extra pages, docs/docsite/)
# as docs.ansible.com does; sphinx builds the HTML. Offline: no intersphinx inventories are
# fetched, so the pages' few labels in Ansible's own docsite (common return values, configuration
# settings) stay plain text instead of failing the build. antsibull-docs lint (test-docs) checks
# the references within the collection.
docs: install  ## build the collection's HTML docsite into build/docs (antsibull-docs + sphinx)
	rm -rf $(DOCSITE) build/docs
	# antsibull-docs writes only into directories that no one else may write to.
	mkdir -p $(DOCSITE)/rst && chmod og-w $(DOCSITE) $(DOCSITE)/rst
	$(VENV)/bin/antsibull-docs sphinx-init --use-current --squash-hierarchy --lenient \
		--project streamkap.cloud --title 'streamkap.cloud collection' --copyright 'Streamkap Ansible collection contributors' \
		--dest-dir $(DOCSITE) streamkap.cloud >/dev/null
	printf '%s\n' 'intersphinx_mapping = {}' "suppress_warnings = ['ref.ref']" >> $(DOCSITE)/conf.py
	$(VENV)/bin/antsibull-docs --config-file $(DOCSITE)/antsibull-docs.cfg collection --use-current \
		--squash-hierarchy --cleanup everything --dest-dir $(DOCSITE)/rst streamkap.cloud
	$(VENV)/bin/sphinx-build -b html -q -W --keep-going -c $(DOCSITE) $(DOCSITE)/rst build/docs
	@echo "docsite: build/docs/index.html ($$(find build/docs -name '*.html' | wc -l) pages)"

test: install  ## run every test suite on the newest ansible-core (tests/requirements.txt)
	$(MAKE) --no-print-directory test-units test-simulator test-contract test-integration test-smoke test-ecosystem \
		test-eda test-packaging test-molecule test-docs test-sanity test-lint test-live-sim

test-units: $(STAMP)  ## unit tests (mocked HTTP)
	$(VPY) -m pytest tests/unit -q -p no:cacheprovider

test-simulator: $(STAMP)  ## the simulator's own suite, against a live server on loopback
	$(VPY) -m pytest tests/simulator -q -p no:cacheprovider

test-contract: $(STAMP)  ## the API facts (tests/contract/api_facts.yml) against the code and the simulator's /openapi.json
	$(VPY) -m pytest tests/contract -q -p no:cacheprovider

api-drift: $(STAMP)  ## the API facts against the service's /openapi.json (API_URL=..., default https://api.streamkap.com); exit 1 on drift
	$(VPY) tools/api_drift.py --api-url "$(API_URL)"

test-integration: install  ## real ansible-playbook runs against the live simulator
	$(VPY) -m pytest tests/integration -q -p no:cacheprovider -n 2

test-sanity: $(STAMP)  ## ansible-test sanity (no ignore files)
	tests/tooling/sanity.sh --venv --python 3.11 --color no

test-lint: install  ## ansible-lint --profile production, antsibull-changelog lint
	$(VENV)/bin/ansible-lint --profile production --nocolor
	$(VENV)/bin/antsibull-changelog lint

test-ecosystem: install  ## the sources role run as AWX runs a job (ansible-runner), credential type, ansible-builder
	$(VPY) -m pytest tests/ecosystem -q -p no:cacheprovider

test-eda: install  ## the event source against the simulator, and the example rulebook run by ansible-rulebook (Java 17)
	$(VPY) -m pytest tests/eda -q -p no:cacheprovider

test-molecule: install  ## molecule scenarios of the sources and stack roles (default, absent, stack) against the simulator
	cd extensions && $(VENV)/bin/molecule test -s default
	cd extensions && $(VENV)/bin/molecule test -s absent
	cd extensions && $(VENV)/bin/molecule test -s stack

test-docs: $(STAMP)  ## antsibull-docs lint of the plugin docs and docs/docsite/
	$(VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs .

test-smoke: install  ## the smoke playbook (create, rerun silent, delete) against the simulator
	$(VPY) -m pytest tests/smoke -q -p no:cacheprovider

test-packaging: $(STAMP)  ## the built tarball's file list and metadata; python_requires holds
	$(VPY) -m pytest tests/packaging -q -p no:cacheprovider

test-live: install  ## the live suite against your tenant: STREAMKAP_LIVE_TESTS=1, STREAMKAP_API_URL, credentials [LIVE_VARS=vars.yml] (docs/testing.md)
	$(VPY) -m tests.live

test-live-sim: install  ## the live suite against the simulator (chain included), its refusal, its cleanup after a failure or Ctrl-C
	$(VPY) -m pytest tests/live -q -p no:cacheprovider -n 2

# tox.ini: one leg per older ansible-core, each in .tox/<leg>, two at a time.
test-matrix: $(STAMP)  ## sanity, unit tests and the smoke playbook on ansible-core 2.16, 2.17, 2.18
	$(VENV)/bin/tox run-parallel --parallel 2 --parallel-no-spinner --parallel-live

bench: install  ## benchmarks against the simulator on loopback; writes docs/performance.md
	$(VPY) -m tests.benchmarks

connector-keys:  ## regenerate the offline connector key table: PROVIDER_DIR=<provider>/internal/generated [PROVIDER_COMMIT=<sha>]
	@test -n "$(PROVIDER_DIR)" || { echo "usage: make connector-keys PROVIDER_DIR=<provider checkout>/internal/generated [PROVIDER_COMMIT=<sha>]" >&2; exit 2; }
	$(PYTHON) tools/generate_connector_keys.py "$(PROVIDER_DIR)" $(if $(PROVIDER_COMMIT),--commit $(PROVIDER_COMMIT))

clean:  ## remove build output (keeps .venv and the matrix venvs in .tox)
	rm -rf build collections tests/output .pytest_cache
