# The archive's two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrate sample superuser browser bench clean-db

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

sample: migrate
	$(MANAGE) load_sample

run: sample
	@echo "IMR Archive: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, create an account with 'make superuser')"
	@$(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

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

bench: migrate
	$(PY) bench/run_all.py

clean-db:
	rm -rf var/pgdata
