# Gonghui: two commands on a fresh machine with Python 3.11+ and pip:
#   make demo    run the platform on SQLite with the demo district at http://127.0.0.1:8000
#   make test    run the whole test suite on SQLite (browser tests need Debian's chromium)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=
PG_URL ?= postgres://postgres@127.0.0.1:5432/gonghui
CHROMIUM ?= /usr/bin/chromium

.PHONY: install demo serve worker test test-fast test-postgres test-e2e lint format lock clean

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

# The whole suite on SQLite, browser tests included.
test: install
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "浏览器测试需要 Debian 的 Chromium / browser tests need Debian's chromium:"; \
	  echo "    sudo apt-get install -y chromium fonts-wqy-microhei"; \
	  echo "Running the other tests now; the browser tests did not run."; \
	  $(BIN)/python -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS); \
	  exit 3; \
	fi
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

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
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin every installed dependency (run after changing pyproject.toml).
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^gonghui' > requirements.lock

clean:
	rm -rf $(VENV) var
