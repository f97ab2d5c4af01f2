"""The rules web API (OpenFisca-style): ``/calculate``, ``/parameters``, ``/estimate``, ``/health`` and a
public calculator page, over each configured process's tools. See :mod:`robot.api.app`."""

from robot.api.app import create_api
from robot.api.citizen import CitizenTools
from robot.api.serve import BackgroundApi, serve

__all__ = ["BackgroundApi", "CitizenTools", "create_api", "serve"]
