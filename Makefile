# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run test lint audit format migrate demo system-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

var:
	mkdir -p var

migrate: $(VENV)/.installed | var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

## make run: install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## system-deps: Debian packages the browser tests and PDFs need (when missing)
system-deps:
	bash .ci/system-deps

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

## make audit: bandit over our code (accepted findings: deploy/bandit-accepted.txt)
## and pip-audit over requirements.txt (skips, saying so, without internet)
audit: $(VENV)/.installed-dev
	$(BIN)/python deploy/security_audit.py

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make test: lint, the security audit, then the whole suite (browser tests included)
test: $(VENV)/.installed-dev system-deps lint audit
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/pytest -n auto --durations=25 $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/findings.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
