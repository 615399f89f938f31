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

.PHONY: all site serve test check status clean bench

all: site

# (pip compiles the packages it installs, not an editable one: ours are compiled here, or the first
# preview would compile them before its first page)
$(READY): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m compileall -q coursegen
	touch $(READY)

# The languages are built in parallel groups (coursegen build); same output as `mkdocs build`.
site: $(READY)
	$(BIN)/coursegen build --site-dir site

# ONLY=ms previews one language (and English); pages are rebuilt as you save. `mkdocs serve` takes
# no plugin options: the languages go in COURSEGEN_LANGUAGES, read by coursegen/site/selection.py only.
ONLY ?=
serve: $(READY)
	COURSEGEN_LANGUAGES="$(ONLY)" $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) $(if $(ONLY),--dirtyreload --no-strict)

# make test: lint, format check, types (mypy; settings in pyproject.toml), then the tests in
# parallel, a test file to a process (so that a module's fixtures are made once); TEST_JOBS=0 runs
# them all in this one process.
TEST_JOBS ?= auto
test: $(READY) browser-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

# The newest releases of the site engine inside pyproject's ranges (Material ships security fixes
# until 5 May 2027): a second environment, upgraded, runs the tests of the patches and the build.
NEWEST := .venv-newest
NEWEST_TESTS ?= tests/test_patches.py tests/test_site.py tests/test_withheld.py tests/test_github_fidelity.py tests/test_material_search.py
.PHONY: test-newest
test-newest: $(READY)
	$(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(NEWEST)/bin/pip install --quiet --disable-pip-version-check --upgrade \
	  "mkdocs>=1.6.1,<2" "mkdocs-material>=9.8,<10" "mkdocs-static-i18n>=1.3.1,<1.4" "pymdown-extensions>=13,<14"
	$(NEWEST)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(NEWEST)/bin/pip list 2>/dev/null | grep -iE "^(mkdocs|mkdocs-material|mkdocs-static-i18n|pymdown-extensions) "
	$(NEWEST)/bin/python -m pytest -n $(TEST_JOBS) --dist loadfile $(NEWEST_TESTS)

check: $(READY)
	$(BIN)/coursegen check

status: $(READY)
	$(BIN)/coursegen status

# Full-scale benchmark (22 lessons x 55 languages, ours vs the stock setup); quick run:
#   make bench LANGS=10 LESSONS=5      (JOBS=n parallel builds, SCALING=10,20,40 and
#   SCALING_LESSONS=5,11,22 for the scaling tables)
LANGS   ?= 55
LESSONS ?= 22
bench: $(READY)
	$(BIN)/python -m benchmarks.bench --langs $(LANGS) --lessons $(LESSONS) $(if $(JOBS),--jobs $(JOBS)) $(if $(SCALING),--scaling $(SCALING)) \
	  $(if $(SCALING_LESSONS),--scaling-lessons $(SCALING_LESSONS))

clean:
	rm -rf site .build .pytest_cache

# Publishing (GitHub Pages). preview: build the site for http://HOST:PORT/<repo>/ and serve it
# there as Pages would. pr-translations: CI's check of the translations changed since BASE.
BASE ?= main
.PHONY: preview pr-translations

preview: $(READY)
	$(BIN)/python -m coursegen.site.preview --host $(HOST) --port $(PORT)

pr-translations: $(READY)
	$(BIN)/python -m coursegen.translators.pullrequest --base $(BASE)

# -- The reader's side: Lighthouse on lesson pages (npm packages from package-lock.json) --------
LIGHTHOUSE_PORT ?= 8410
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The browser tests take axe-core from npm. Without Node (Python and make are enough for
# `make test`) they are skipped with one line saying how to enable them; in CI (CI=true)
# everything must be there, and anything missing fails the run.
.PHONY: browser-tools
browser-tools:
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory node_modules/.installed || [ "$$CI" != true ]; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true but npm is not installed: the browser tests need Node.js and npm (apt-get install nodejs npm)" >&2; exit 1; \
	fi

.PHONY: lighthouse
lighthouse: $(READY) node_modules/.installed
	SITE_URL=http://127.0.0.1:$(LIGHTHOUSE_PORT)/ $(BIN)/mkdocs build --strict --clean --quiet --site-dir .build/lighthouse-site
	$(BIN)/python tools/lighthouse.py .build/lighthouse-site $(LIGHTHOUSE_PORT)

# Time against input size for each pathological shape of contributed text (SIZE: the smaller size;
# the larger is four times it). Exits 1 when a row breaks the bounds (time ×4 input ≤ 5, page ≤ 10× source).
SIZE ?= 250000
# Fetch the upstream course (course.yml's upstream) and import it, for review: nothing is committed.
# SUMMARY=file also writes the summary there as Markdown (the sync workflow's pull request body).
SUMMARY ?=
.PHONY: sync
sync: $(READY)
	$(BIN)/coursegen sync $(if $(SUMMARY),--summary "$(SUMMARY)")

.PHONY: bench-hostile
bench-hostile: $(READY)
	$(BIN)/python benchmarks/hostile_text.py --size $(SIZE)

# Pictures for a person to look at: the lesson, home, status and 404 pages of every language at
# 1280, 768 and 360 px wide, and the lesson in dark mode, into test-artifacts/ (tools/screenshots.py;
# chromium and chromedriver as for the browser tests).
.PHONY: screenshots
screenshots: $(READY)
	$(BIN)/python -m tools.screenshots --out test-artifacts
