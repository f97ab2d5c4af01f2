# The two commands a new user needs: `make demo` and `make test`. Each sets itself up first.
PY := .venv/bin/python
.PHONY: setup demo test test-fast lint bench bench-robot sandbox migration clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) run_robot.py demo $(ARGS)

test: setup lint
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy robot processes rules connectors sandbox bench run_robot.py tests
	.venv/bin/lint-imports --no-cache

bench: setup
	$(PY) -m bench

bench-robot: setup
	$(PY) -m bench.robot_bench $(ARGS)

bench-api: setup
	$(PY) -m bench.api_bench $(ARGS)

sandbox: setup
	$(PY) run_robot.py sandbox

# A new numbered migration from the difference between the models and a database at the newest revision.
migration: setup
	@test -n "$(MESSAGE)" || { echo 'Say why: make migration MESSAGE="what changes and why"'; exit 2; }
	$(PY) scripts/new_migration.py "$(MESSAGE)"

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache .bench
