"""Stand-in for the municipality's e-service: a citizen form and the JSON API the robot reads."""

from sandbox.eservice.app import create_app
from sandbox.eservice.store import SubmissionStore, seed

__all__ = ["SubmissionStore", "create_app", "seed"]
