# The two commands a new user needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run serve test bench browser demo-data demo-boundaries i18n lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

BSTAMP := $(VENV)/.installed-bench
$(BSTAMP): $(TSTAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $@

## Start the dashboard on the demo data in data/ (make run PORT=8600 for another port).
run: $(STAMP)
	$(PY) -m streamlit run app.py --server.port $(PORT)

## REPLICAS Streamlit servers of app.py behind Debian's nginx on http://127.0.0.1:8080, sticky sessions
## (make serve REPLICAS=3 PORT=8090; docs/scaling.md). Ctrl-C stops them all.
REPLICAS ?= 2
serve: PORT = 8080
serve: $(STAMP)
	@sh scripts/ensure_nginx.sh
	$(PY) scripts/serve.py --replicas $(REPLICAS) --port $(PORT)

## Install the test dependencies and the real parts the tests start (the browser; PostgreSQL + PostGIS;
## nginx: apt-get where we are root), then run the whole suite.
test: $(TSTAMP) browser
	@sh scripts/ensure_postgres.sh
	@sh scripts/ensure_nginx.sh
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

## Debian's chromium for the browser tests (installed with apt-get where we are root).
browser:
	@sh scripts/ensure_browser.sh

## Figures, not tests: 100,000 needs loaded and validated; the national-scale map; concurrent sessions;
## 20 + 20 visitors of the home map and the Needs page at once, quiet and during a hostile upload;
## Leaflet's SVG and canvas renderers for the 1,768 communities; one server against two replicas behind nginx,
## reading from PostgreSQL + PostGIS; ours beside plain folium, careful folium, st.pydeck_chart and the floors
## (an empty Streamlit page, Leaflet alone); how the costs grow from 1,000 to 1,000,000 needs (docs/bench_scaling.png).
bench: $(BSTAMP) browser
	$(PY) scripts/bench.py
	$(PY) scripts/bench_national.py
	$(PY) scripts/bench_renderer.py
	$(PY) scripts/bench_sessions.py
	$(PY) scripts/bench_load.py --demo --hostile needs,communities
	@sh scripts/ensure_postgres.sh
	@sh scripts/ensure_nginx.sh
	$(PY) scripts/bench_replicas.py
	$(PY) scripts/bench_peers.py
	$(PY) scripts/bench_scaling.py

## Remake data/ from scripts/demo_seed and the committed boundaries (deterministic).
demo-data: $(STAMP)
	$(PY) scripts/make_demo_data.py
	$(PY) scripts/make_demo_indicators.py

## Remake the demo's boundaries too, from a COD-AB admin-3 file and KSE's population table.
COD_AB     ?= ../shared/realdata/cod-ab/Hromadas.geojson
POPULATION ?= ../shared/realdata/kse/ua-pop-2022.csv
demo-boundaries: $(STAMP)
	$(PY) scripts/make_demo_data.py --cod-ab $(COD_AB) --population $(POPULATION)

## Re-extract translatable strings and update the catalogues in geo/locale.
i18n: $(TSTAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output -o geo/locale/messages.pot .
	$(VENV)/bin/pybabel update -N -i geo/locale/messages.pot -d geo/locale -D messages

## ruff for the Python; ESLint (from the npm registry, package.json) for the browser code in geo/maps/js.
lint: $(TSTAMP)
	$(VENV)/bin/ruff check .
	@command -v npm >/dev/null || { echo "lint: npm not found; install Node.js to lint geo/maps/js" >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	npx --no-install eslint geo/maps/js

clean:
	rm -rf $(VENV) static/vendor .pytest_cache node_modules
