#!/usr/bin/env bash
# Sets up everything `make demo` and `make test` need on a fresh machine: a virtual environment with
# the project installed, and a Chromium for Playwright (Playwright's own build if it downloads,
# otherwise the system's /usr/bin/chromium, installed with apt-get when running as root).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.installed"

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11 and run again." >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi

if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "setup: installing the project and its dependencies"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -e '.[dev]'
  touch "$STAMP"
fi

# A Chromium for Playwright. The robot tries Playwright's own browser first, then /usr/bin/chromium.
if "$VENV/bin/python" -m connectors.browser --check >/dev/null 2>&1; then
  exit 0
fi
echo "setup: trying Playwright's own Chromium download"
if "$VENV/bin/python" -m playwright install chromium >/dev/null 2>&1 \
   && "$VENV/bin/python" -m connectors.browser --check >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: Playwright's download failed; installing Debian's chromium with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! "$VENV/bin/python" -m connectors.browser --check; then
  echo "No usable Chromium. Install one: 'python -m playwright install chromium', or your system's" >&2
  echo "chromium package (Debian/Ubuntu: 'sudo apt-get install chromium'), then run this again." >&2
  exit 1
fi
