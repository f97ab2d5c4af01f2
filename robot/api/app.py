"""The rules web API: each configured process's rules over HTTP, in the manner of OpenFisca's web API.

    GET  /health                          {"status": "ok", "processes": [...]}
    GET  /parameters[?process=NAME]       every parameter with its dated values, dates and sources
    POST /calculate[?process=NAME]        body: the process's calculate format; the decision, lines,
                                          reasons and trace (200), or {"ok": false, "errors"} (422)
    POST /estimate[?process=NAME]         body: the process's estimate format (no identity numbers);
                                          a clearly preliminary answer (200) or its errors (422)
    GET  /kalkylator[?process=NAME]       the public calculator page (POST: the page with the answer)
    /{process}/parameters, /{process}/calculate, /{process}/estimate, /{process}/kalkylator: the same
    for one process by path. Without a process the first configured one answers.

Every body that cannot be read (not JSON, not UTF-8, nested deeper than :data:`MAX_NESTING`, a form
that cannot be parsed) is answered 422 with what is wrong; the body limit, the security headers and
the error answers are the :class:`robot.api.guard.Guard`'s. Nothing a caller sends is stored or
logged. Answers are compact JSON; the routing is a table of the four actions, so an unknown path or
method is a JSON 404 or 405 like every other error.

The rules run on the event loop, not in a thread pool: they are pure computation of about a
millisecond that holds the GIL either way, and the hand-off to a thread cost more than it freed.
Concurrency comes from the worker processes (:mod:`robot.api.serve`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from robot.api.citizen import CitizenTools
from robot.api.guard import ApiError, Guard, json_bytes
from robot.process import ProcessContext, ProcessTools
from robot.settings import Settings
from robot.settings.process_context import process_context

MAX_NESTING = 32  # the deepest format served (the estimate's other costs) is 4 deep
MAX_FORM_FIELDS = 200
NOT_JSON = "Uppgifterna är inte JSON."
TOO_DEEP = f"Uppgifterna är nästlade i fler än {MAX_NESTING} nivåer."
Handler = Callable[["Request", "str | None"], Awaitable[Response]]


@dataclass(frozen=True)
class Served:
    """One process the API answers for."""

    name: str
    title: str
    tools: ProcessTools
    context: ProcessContext

    @property
    def citizen(self) -> CitizenTools | None:
        return self.tools if isinstance(self.tools, CitizenTools) else None


def served_processes(settings: Settings) -> dict[str, Served]:
    """The enabled processes that have tools, in the order of the settings."""
    found = {}
    for process in settings.processes:
        tools = process.process_definition.tools
        if process.enabled and tools is not None:
            found[process.name] = Served(
                process.name, process.process_definition.title, tools, process_context(settings, process)
            )
    return found


def create_api(settings: Settings) -> ASGIApp:
    """The API over the rules of every enabled process in ``settings`` that has tools, behind its guard."""
    return Guard(RulesApi(served_processes(settings)), body_limit=settings.engine.max_submission_bytes)


def json_answer(value: Any, status: int = 200) -> Response:
    return Response(json_bytes(value), status_code=status, media_type="application/json")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON data nests lists and objects more than ``limit`` deep (iteratively: any depth)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class RulesApi:
    """The routes and their answers, as an ASGI app."""

    def __init__(self, processes: dict[str, Served]) -> None:
        self.processes = processes
        self.routes: dict[str, tuple[frozenset[str], Handler]] = {
            "parameters": (frozenset({"GET", "HEAD"}), self.parameters),
            "calculate": (frozenset({"POST"}), self.calculate),
            "estimate": (frozenset({"POST"}), self.estimate),
            "kalkylator": (frozenset({"GET", "HEAD", "POST"}), self.calculator),
        }
        self._parameters: dict[str, bytes] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.answer(request)
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        path = request.scope["path"]
        if path == "/":
            return RedirectResponse("/kalkylator", status_code=303)
        if path == "/health":
            return json_answer({"status": "ok", "processes": list(self.processes)})
        parts = path[1:].split("/")
        if len(parts) == 1:
            name, action = request.query_params.get("process"), parts[0]
        elif len(parts) == 2:
            name, action = parts
        else:
            name, action = None, ""
        if action not in self.routes:
            return json_answer({"error": "not_found", "message": f"Nothing is served at {path[:100]}."}, 404)
        methods, handler = self.routes[action]
        if request.method not in methods:
            allowed = ", ".join(sorted(methods))
            answer = json_answer({"error": "method_not_allowed", "message": f"Use {allowed}."}, 405)
            answer.headers["Allow"] = allowed
            return answer
        return await handler(request, name)

    def pick(self, name: str | None) -> Served:
        if name is None and self.processes:
            return next(iter(self.processes.values()))
        if name in self.processes:
            return self.processes[name]
        known = ", ".join(self.processes) or "none"
        raise ApiError(404, "unknown_process", f"No process named {name!r:.60} (served: {known}).")

    def citizen(self, name: str | None) -> tuple[Served, CitizenTools]:
        served = self.pick(name)
        if served.citizen is None:
            raise ApiError(
                404, "not_offered", f"The process {served.name!r} offers no estimate or calculator."
            )
        return served, served.citizen

    async def parameters(self, request: Request, name: str | None) -> Response:
        served = self.pick(name)
        if served.name not in self._parameters:  # the parameters are read once per process lifetime
            data = served.tools.parameters_data(served.context)
            self._parameters[served.name] = json_bytes({"process": served.name, "parameters": data})
        return Response(self._parameters[served.name], media_type="application/json")

    async def calculate(self, request: Request, name: str | None) -> Response:
        served = self.pick(name)
        text = (await request.body()).decode("utf-8", "replace")
        try:
            output, ok = served.tools.calculate(text, served.context)
        except RecursionError:  # only the shape of the input can nest that deep
            return json_answer({"ok": False, "errors": [TOO_DEEP]}, 422)
        return json_answer(output, 200 if ok else 422)

    async def estimate(self, request: Request, name: str | None) -> Response:
        served, tools = self.citizen(name)
        refused = {"ok": False, "preliminary": True}
        try:
            data = json.loads(await request.body())
        except RecursionError:
            return json_answer({**refused, "errors": [TOO_DEEP]}, 422)
        except ValueError:  # also UnicodeDecodeError: not UTF-8
            return json_answer({**refused, "errors": [NOT_JSON]}, 422)
        if nested_deeper_than(data, MAX_NESTING):
            return json_answer({**refused, "errors": [TOO_DEEP]}, 422)
        answer, ok = tools.estimate(data, served.context)
        return json_answer(answer, 200 if ok else 422)

    async def calculator(self, request: Request, name: str | None) -> Response:
        served, tools = self.citizen(name)
        form = None
        if request.method == "POST":
            try:
                fields = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
            except MultiPartException as error:
                raise ApiError(
                    422, "bad_form", "The form cannot be read; send it from the calculator page."
                ) from error
            form = {key: value for key, value in fields.items() if isinstance(value, str)}
        query = request.scope["query_string"].decode("latin-1")
        action = request.scope["path"] + (f"?{query}" if query else "")
        page = tools.calculator_page(form, served.context, action)
        return HTMLResponse(page)
