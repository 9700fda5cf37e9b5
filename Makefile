# Gonghui: two commands on a fresh machine with Python 3.11+ and pip:
#   make demo    run the platform on SQLite with the demo district at http://127.0.0.1:8000
#                (GONGHUI_BIND=host:port to serve elsewhere), a worker running the scheduled jobs
#   make test    run the whole test suite on SQLite (installs Debian's chromium and a Chinese
#                font for the browser tests when run as root with apt; else prints the command)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=
PG_URL ?= postgres://postgres@127.0.0.1:5432/gonghui
CHROMIUM ?= /usr/bin/chromium

.PHONY: messages install demo serve worker test browser-deps test-fast test-postgres test-e2e lint format lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/gonghui demo

serve: install
	$(BIN)/gonghui serve

worker: install
	$(BIN)/gonghui worker

# The whole suite on SQLite, browser tests included. Browser tests need Debian's chromium and a
# Chinese font: as root with apt they are installed here (as .ci/run does); elsewhere the one
# command to run is printed, the other tests run and make exits non-zero.
test: install browser-deps
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "浏览器测试需要 Debian 的 Chromium / browser tests need Debian's chromium:"; \
	  echo "    $(BROWSER_DEPS_CMD)"; \
	  echo "Running the other tests now; the browser tests did not run."; \
	  $(BIN)/python -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS); \
	  exit 3; \
	fi
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

BROWSER_DEPS_CMD = sudo apt-get install -y chromium fonts-wqy-microhei

browser-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="chromium"; \
	fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装浏览器测试所需的软件包 / installing for the browser tests:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null || exit 1; \
	elif [ -n "$$missing" ] && [ -x "$(CHROMIUM)" ]; then \
	  echo "截图中的中文需要文泉驿微米黑字体 / screenshots need the Chinese font:"; \
	  echo "    $(BROWSER_DEPS_CMD)"; \
	fi

test-fast: install
	$(BIN)/python -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

# The suite (without browser tests) on PostgreSQL: DATABASE_URL names the server; pytest-django
# creates and drops its own test database.
test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

test-e2e: install
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# English catalogue: extract, fold in branches' PO fragments, compile.
messages: install
	bash src/gonghui/locale/messages.sh

# Re-pin every installed dependency (run after changing pyproject.toml).
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^gonghui' > requirements.lock

clean:
	rm -rf $(VENV) var
