# Two commands set everything up on a fresh machine:
#   make site / make serve   build (and serve) the site     make test   run the tests
# Both create .venv and install the pinned dependencies (requirements.lock) first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: all site serve test check status clean

all: site

$(READY): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(READY)

site: $(READY)
	$(BIN)/mkdocs build --strict --clean --site-dir site

serve: $(READY)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

test: $(READY) node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(READY)
	$(BIN)/coursegen check

status: $(READY)
	$(BIN)/coursegen status

clean:
	rm -rf site .build .pytest_cache

# Publishing (GitHub Pages). preview: build the site for http://HOST:PORT/<repo>/ and serve it
# there as Pages would. pr-translations: CI's check of the translations changed since BASE.
BASE ?= main
.PHONY: preview pr-translations

preview: $(READY)
	$(BIN)/python -m coursegen.preview --host $(HOST) --port $(PORT)

pr-translations: $(READY)
	$(BIN)/python -m coursegen.pullrequest --base $(BASE)

# -- The reader's side: Lighthouse on lesson pages (npm packages from package-lock.json) --------
LIGHTHOUSE_PORT ?= 8410
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: lighthouse
lighthouse: $(READY) node_modules/.installed
	SITE_URL=http://127.0.0.1:$(LIGHTHOUSE_PORT)/ $(BIN)/mkdocs build --strict --clean --quiet --site-dir .build/lighthouse-site
	$(BIN)/python tools/lighthouse.py .build/lighthouse-site $(LIGHTHOUSE_PORT)
