# Two commands do everything: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1
# `make run PORT=8010` serves on another port (several checkouts side by side).
PORT ?= 8000

.PHONY: run test test-browser bench loadtest lint venv migrate demo clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_reference_data
	$(DEV_ENV) $(PY) manage.py seed_demo

## make run: install, migrate, load reference and demo data, serve on 127.0.0.1:$(PORT)
## (8000 unless PORT is given; SQLite; documents built in threads of the web process, other
## tasks in-process). Links in e-mails (password reset) point to the same address.
run: demo
	@echo "Портал: http://127.0.0.1:$(PORT)  (остановить: Ctrl+C)"
	$(DEV_ENV) SITE_ROOT=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite; SQLite by default, PostgreSQL when DATABASE_URL is set, a real
## Celery worker when CELERY_BROKER_URL is set. Browser tests run when Chromium is installed.
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

## make bench: the heavy works beside their raw floors (bench/); BENCH_ARGS="--size region".
bench: venv
	$(DEV_ENV) $(PY) -m bench $(BENCH_ARGS)

# Locust (and its gevent) live in a venv of their own: never in the portal's, never in the image.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt
	touch $@

## make loadtest: 50 users for 3 minutes against gunicorn (locust, a development dependency);
## LOADTEST_ARGS="--smoke" for the short CI form.
loadtest: venv $(BENCH_VENV)/.installed
	$(DEV_ENV) LOCUST=$(BENCH_VENV)/bin/locust $(PY) -m bench.loadtest $(LOADTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) $(BENCH_VENV) db.sqlite3 media staticfiles .pytest_cache
