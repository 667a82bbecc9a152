# G밸리 portal — the verbs. `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core; `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
# DATABASE_URL when given; otherwise the embedded PostgreSQL 18 in .data/ (started on demand).
DB := export DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m gvalley.devdb start)}"
# One background worker (mail, imports, reminders, periodic jobs) beside the web server, stopped
# with it (SIGTERM: it finishes the job in hand first).
WORKER := $(PY) manage.py worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null || true' EXIT

.PHONY: install db db-stop migrate content run serve test test-fast lint format bench messages \
	backup restore clean

install: $(VENV)/.installed

# pip prints one line per package as it comes (its other chatter, and errors, as usual).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || { echo "가상환경을 만듭니다 / creating the virtualenv $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "패키지를 설치합니다 (처음에는 1~2분) / installing the pinned packages (a minute or two the first time)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --disable-pip-version-check --progress-bar off -r requirements-dev.txt \
		| awk '/^Collecting / { printf "  %s\n", $$2; fflush() } \
		       /^Successfully installed/ { printf "  %d개 설치 / %d installed\n", NF - 2, NF - 2 }'
	@touch $@

db: install  ## Start the embedded PostgreSQL (unless DATABASE_URL is set) and print its URL.
	@$(DB); echo "$$DATABASE_URL"

db-stop:
	@$(PY) -m gvalley.devdb stop

migrate: install
	@$(DB); echo "데이터베이스를 맞춥니다 (migrate) / migrating the database"; \
	$(PY) manage.py migrate --noinput -v 0 && $(PY) manage.py createcachetable

content: migrate
	@$(DB); $(PY) manage.py compile_translations -v 0 && $(PY) manage.py load_demo

run: content  ## Set everything up and serve the portal with its content at http://127.0.0.1:8000/
	@echo ""
	@echo "  G밸리 포털: http://$(HOST):$(PORT)/"
	@echo "  구청 담당자(관리자) 로그인 / staff sign-in: staff@gvalley.example / gvalley-demo-2026"
	@echo "  관리 화면 / admin: http://$(HOST):$(PORT)/admin/"
	@echo "  다른 데모 계정 / other demo accounts (same password): council@ manager@ resident@gvalley.example"
	@echo "  개발 중 보낸 메일 / mail sent in development (by the worker): .data/mail/"
	@echo ""
	@$(DB); export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(WORKER); $(PY) manage.py runserver $(HOST):$(PORT)

serve: content  ## Production-like: gunicorn, prod settings, whitenoise, DEBUG off.
	@$(DB); export DJANGO_SETTINGS_MODULE=gvalley.settings.prod; \
	export SECRET_KEY="$${SECRET_KEY:-$$(test -f .data/secret_key || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .data/secret_key; cat .data/secret_key)}"; \
	export ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT=0 COOKIE_SECURE=0 SERVE_MEDIA=1 \
		CANONICAL_HOST_REDIRECT="$${CANONICAL_HOST_REDIRECT:-0}"; \
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py collectstatic --noinput -v 0; \
	echo "  G밸리 포털 (prod settings): http://$(HOST):$(PORT)/"; \
	$(WORKER); $(VENV)/bin/gunicorn gvalley.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

test: install  ## Set everything up and run the whole suite (browser tests where Chromium is found).
	@$(DB); $(PY) manage.py compile_translations -v 0 && $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates $$(find templates -name "*.jinja")

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml templates $$(find templates -name "*.jinja")

bench: install  ## Load data at scale, serve with gunicorn (prod settings), measure with wrk.
	@$(DB); $(PY) manage.py compile_translations -v 0 && $(PY) -m bench.run $(BENCH_ARGS)

backup: install  ## Back up the database, uploads and council documents (to BACKUP_DIR, or OUTPUT=file).
	@$(DB); $(PY) manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)",)

restore: install  ## Put back FILE=… written by `make backup` (asks first; stop the app servers).
	@test -n "$(FILE)" || { echo "사용법 / usage: make restore FILE=.data/backups/gvalley-….tar" >&2; exit 2; }
	@$(DB); $(PY) manage.py restore "$(FILE)"

messages: install  ## Update the English catalogues (needs GNU gettext), then compile them.
	@$(DB); for app in gvalley companies events council heritage; do $(PY) manage.py update_translations $$app; done; \
	$(PY) manage.py compile_translations

clean:  ## Stop and delete the embedded database (wherever it lives), .data and the virtualenv.
	@if test -x $(PY); then $(PY) -m gvalley.devdb remove; fi
	rm -rf .data $(VENV)
