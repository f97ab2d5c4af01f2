"""Entry point: ``python run_robot.py --help`` lists the commands (demo, once, run, status, ...)."""

import sys

from robot.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
