"""Benchmarks, run with ``python -m bench``. Each module exposes ``run() -> str`` (one summary line).

Add a benchmark by writing ``bench/<name>_bench.py`` with ``run()`` and listing it in
``bench/__main__.py``.
"""
