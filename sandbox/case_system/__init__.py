"""The legacy case system stand-in: a server-rendered web app the robot drives with a browser.

``create_app`` builds the app, ``seed`` loads cases, ``CaseSystemDatabase`` reads its database.
"""

from sandbox.case_system.app import create_app
from sandbox.case_system.queries import CaseSystemDatabase
from sandbox.case_system.seeding import seed
from sandbox.case_system.sessions import DEFAULT_USERS

__all__ = ["DEFAULT_USERS", "CaseSystemDatabase", "create_app", "seed"]
