# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install translations db demo extract-translations update-translations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The browser tests check every page with the Nu HTML Checker and axe-core, from npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser tests will be skipped (they need vnu-jar and axe-core)"; \
	fi

install: $(VENV)/.installed node_modules/.installed

translations: install
	$(FLASK) translate compile

db: translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

run: demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: translations
	$(BIN)/ruff check --quiet ascn tests
	$(BIN)/pytest $(PYTEST_ARGS)

update-translations: install
	$(FLASK) translate update

clean:
	rm -rf $(VENV) instance .pytest_cache
