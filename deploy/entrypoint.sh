#!/bin/sh
# The image's entry point (deploy/Dockerfile), under tini:
#   entrypoint.sh COMMAND [ARGS...]  runs `python run_robot.py COMMAND ARGS...` from the project folder,
#                                    as the robot has always been run (run, once, migrate, console, serve, ...)
#   entrypoint.sh probe URL [TEXT]   exits 0 when URL answers 200 (with TEXT in its body): compose's health checks
# It refuses to run the robot as root (its files would be root's); ENTRYPOINT_ALLOW_ROOT=1 overrides that.
set -eu

PROJECT_HOME="${PROJECT_HOME:-/opt/robot}"
PYTHON="${PYTHON:-$PROJECT_HOME/.venv/bin/python}"

if [ "$#" -eq 0 ]; then
  set -- run
fi

if [ "$1" = "probe" ]; then
  shift
  if [ "$#" -lt 1 ]; then
    echo "entrypoint: probe needs a URL, e.g. probe http://127.0.0.1:8710/health" >&2
    exit 2
  fi
  exec "$PYTHON" -c '
import sys
import urllib.request

url, wanted = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
try:
    with urllib.request.urlopen(url, timeout=5) as answer:
        body = answer.read().decode("utf-8", "replace")
except Exception as error:  # refused, timed out, an HTTP error: unhealthy, said in one line
    print(f"{url}: {error}", file=sys.stderr)
    sys.exit(1)
if wanted not in body:
    print(f"{url}: answered without {wanted!r}", file=sys.stderr)
    sys.exit(1)
' "$@"
fi

if [ "$(id -u)" = "0" ] && [ "${ENTRYPOINT_ALLOW_ROOT:-0}" != "1" ]; then
  echo "entrypoint: the robot does not run as root (its database, evidence and reports would be root's)." >&2
  echo "entrypoint: run the image as its user robot (uid 10001), or set ENTRYPOINT_ALLOW_ROOT=1 if you must." >&2
  exit 77
fi

cd "$PROJECT_HOME"
exec "$PYTHON" run_robot.py "$@"
