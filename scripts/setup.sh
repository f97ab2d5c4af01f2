#!/usr/bin/env bash
# Sets up everything `make demo` and `make test` need on a fresh machine:
#  - a virtual environment in .venv with the project's dependencies (read from pyproject.toml; the
#    project itself is run from this folder, not installed, so no build and no packaging warnings);
#  - a Chromium for Playwright: Playwright's own build if it downloads, otherwise the system's
#    /usr/bin/chromium and its headless shell /usr/bin/chromium-headless-shell (a third less CPU per
#    page, used for headless runs), installed with apt-get when running as root;
#  - LibreOffice (headless Calc), when running as root, so the report's print layout is tested
#    (skip with SETUP_SKIP_LIBREOFFICE=1; the test says it was skipped and why).
# apt-get waits for another apt or dpkg to finish (up to 10 minutes) instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.installed"
APT_WAIT=(-o DPkg::Lock::Timeout=600)

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11 and run again." >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi

if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "setup: installing the dependencies listed in pyproject.toml (this takes a minute the first time)"
  "$VENV/bin/python" -m pip install --upgrade --progress-bar off pip | grep -v '^Requirement already' || true
  "$VENV/bin/python" scripts/dependencies.py > "$VENV/requirements.txt"
  "$VENV/bin/python" -m pip install --progress-bar off -r "$VENV/requirements.txt" \
    | grep -E '^(Collecting|Successfully installed|ERROR)' || true
  "$VENV/bin/python" -m pip check >/dev/null || { "$VENV/bin/python" -m pip check; exit 1; }
  touch "$STAMP"
fi

as_root_with_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    echo "setup: apt-get update (waits if another apt is running)"
    apt-get "${APT_WAIT[@]}" update -q | grep -vE '^(Hit|Get|Ign):' || true
    apt_updated=yes
  fi
  echo "setup: apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -q --no-install-recommends "$@" \
    | grep -E '^(Setting up|Unpacking|E:)' || true
}

# A Chromium for Playwright. The robot tries Playwright's own browser first, then the system's.
browser_in_use() { "$VENV/bin/python" -m connectors.browser --check 2>/dev/null; }
if ! used=$(browser_in_use); then
  echo "setup: trying Playwright's own Chromium download"
  if ! { "$VENV/bin/python" -m playwright install chromium >/dev/null 2>&1 && used=$(browser_in_use); }; then
    if as_root_with_apt; then
      echo "setup: Playwright's download failed; installing Debian's chromium"
      apt_install chromium
    fi
    if ! used=$(browser_in_use); then
      "$VENV/bin/python" -m connectors.browser --check || true
      echo "No usable Chromium. Install one: 'python -m playwright install chromium', or your system's" >&2
      echo "chromium package (Debian/Ubuntu: 'sudo apt-get install chromium'), then run this again." >&2
      exit 1
    fi
  fi
fi
# On the system's full Chromium: add its headless shell, which headless runs prefer (a third less CPU).
if [[ "$used" == *"system Chromium"* ]]; then
  if as_root_with_apt && apt-cache show chromium-headless-shell >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium-headless-shell (lighter for headless runs)"
    apt_install chromium-headless-shell
    used=$(browser_in_use) || exit 1
  else
    echo "setup: tip: the robot runs faster on a headless shell ('python -m playwright install chromium'," \
      "or your system's chromium-headless-shell package)"
  fi
fi
echo "setup: ${used}"

if [ "${SETUP_SKIP_LIBREOFFICE:-0}" != 1 ] && ! command -v soffice >/dev/null 2>&1 && as_root_with_apt; then
  echo "setup: installing LibreOffice Calc (headless) to test the report's print layout"
  apt_install libreoffice-calc-nogui || echo "setup: LibreOffice could not be installed; its test will be skipped"
fi
# Test-only tools for the deployment kit (tests/deploy), not needed to run the robot: promtool checks
# and unit-tests the alert rules (taken out of Debian's prometheus package into .venv/bin, so no
# Prometheus service is installed or started); docker-compose (Debian's) validates deploy/compose.yaml.
# Skip with SETUP_SKIP_DEPLOY_TOOLS=1; their tests then say they were skipped and why.
if [ "${SETUP_SKIP_DEPLOY_TOOLS:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
  if [ ! -x "$VENV/bin/promtool" ] && ! command -v promtool >/dev/null 2>&1; then
    echo "setup: taking promtool out of Debian's prometheus package (tests of the alert rules)"
    unpack=$(mktemp -d)
    download() { (cd "$unpack" && apt-get download -q prometheus >/dev/null 2>&1); }
    if ! download && as_root_with_apt && [ "$apt_updated" = no ]; then
      apt-get "${APT_WAIT[@]}" update -q >/dev/null 2>&1 || true
      apt_updated=yes
      download || true
    fi
    if (cd "$unpack" && dpkg-deb -x prometheus_*.deb root 2>/dev/null); then
      install -m 0755 "$unpack/root/usr/bin/promtool" "$VENV/bin/promtool"
    else
      echo "setup: promtool could not be fetched; the alert rules' promtool tests will be skipped"
    fi
    rm -rf "$unpack"
  fi
  if ! command -v docker-compose >/dev/null 2>&1 && as_root_with_apt; then
    echo "setup: installing Debian's docker-compose to validate deploy/compose.yaml (no container runtime)"
    apt_install docker-compose || echo "setup: docker-compose could not be installed; its test will be skipped"
  fi
fi
echo "setup: ready"
