# The archive's two commands: `make run` and `make test` (`make serve` in production). Everything they need is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve dev stop test lint migrate sample superuser browser clean-db

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

sample: migrate
	$(MANAGE) load_sample

# make run: the sample letters (SAMPLE=no skips them), the worker and the production server; make serve: the
# production server alone; make dev: Django's autoreloading server with DEBUG on. Each stops what it started
# (the embedded PostgreSQL included) when it exits; make stop stops an embedded PostgreSQL left running.
run: $(VENV)/.installed
	@$(MANAGE) serve --worker $(if $(filter no false 0,$(SAMPLE)),,--sample) --host $(HOST) --port $(PORT)

serve: $(VENV)/.installed
	@$(MANAGE) serve --host $(HOST) --port $(PORT)

dev: $(VENV)/.installed
	@$(MANAGE) serve --dev --worker --host $(HOST) --port $(PORT)

stop: $(VENV)/.installed
	@$(MANAGE) embedded_db stop

superuser: migrate
	$(MANAGE) createsuperuser

# Debian's chromium for the browser tests; never a downloaded browser. Where it can't be had, they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will skip"; \
	  else echo "no root or apt-get: browser tests will skip unless chromium is on PATH"; fi; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

test: $(VENV)/.installed browser lint
	$(MANAGE) migrate --noinput
	$(VENV)/bin/pytest

clean-db: stop
	rm -rf var/pgdata var/pgdata.state.json
