# Lodestone: every command a developer, CI or an operator needs.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PACKAGES := contracts libs/runtime services/screening-svc services/license-svc services/audit-svc
PYPROJECTS := $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
ROLE ?= admin
SUB ?= local-admin

.PHONY: install run test test-fast lint token bench soak up down logs smoke schemas clean

# `make run` needs only the pinned runtime set; tests, lint and bench add the dev tools.
$(STAMP): requirements.txt $(PYPROJECTS)
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	@$(BIN)/pip install -q --disable-pip-version-check --no-deps $(foreach p,$(PACKAGES),-e $(p))
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	@$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $(DEV_STAMP)

install: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/python -m lodestone_runtime.launcher

token: $(STAMP)
	@$(BIN)/python -m lodestone_runtime.mint --role $(ROLE) --sub $(SUB)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest contracts/tests libs/runtime/tests services tests -p no:cacheprovider -m "not soak"

test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest contracts/tests services -p no:cacheprovider -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy contracts/src libs/runtime/src services/*/src bench
	$(BIN)/lint-imports

schemas: $(DEV_STAMP)
	$(BIN)/python -m lodestone_contracts.export

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

soak: $(DEV_STAMP)
	LODESTONE_SOAK_REPORT=$(CURDIR)/.data/soak.json $(BIN)/python -m pytest tests/soak -p no:cacheprovider -m soak -s

# HA=1 adds the three-broker override (replication 3, min.insync.replicas 2, idempotent producers).
COMPOSE := docker compose -f deploy/docker-compose.yml $(if $(HA),-f deploy/docker-compose.ha.yml) --env-file deploy/.env

deploy/.env:
	python3 deploy/new_env.py

up: deploy/.env
	$(COMPOSE) up -d --build

down:
	$(COMPOSE) down

logs:
	$(COMPOSE) logs -f

smoke: $(STAMP)
	$(BIN)/pip install -q -r deploy/requirements-smoke.txt
	$(BIN)/python deploy/smoke.py $(if $(HA),--ha)

clean:
	rm -rf .data
