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

Nothing a caller sends is stored or logged: no request bodies, no access log, only the type of an
unexpected error. Answers carry ``Cache-Control: no-store``; pages a strict Content-Security-Policy.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from robot.api.citizen import CitizenTools
from robot.process import ProcessContext, ProcessTools
from robot.settings import Settings
from robot.settings.process_context import process_context

log = structlog.get_logger("robot.api")
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"


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


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


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


def create_api(settings: Settings) -> FastAPI:
    """The API over the rules of every enabled process in ``settings`` that has tools."""
    processes = served_processes(settings)
    limit = settings.engine.max_submission_bytes
    app = FastAPI(title="Regel-API", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.processes = processes

    def pick(name: str | None) -> Served:
        if name is None and processes:
            return next(iter(processes.values()))
        if name in processes:
            return processes[name]
        known = ", ".join(processes) or "none"
        raise ApiError(404, "unknown_process", f"No process named {name!r} (served: {known}).")

    def citizen(name: str | None) -> tuple[Served, CitizenTools]:
        served = pick(name)
        if served.citizen is None:
            raise ApiError(
                404, "not_offered", f"The process {served.name!r} offers no estimate or calculator."
            )
        return served, served.citizen

    async def body_of(request: Request) -> bytes:
        body = await request.body()
        if len(body) > limit:
            raise ApiError(413, "too_large", f"The body is larger than {limit} bytes.")
        return body

    @app.middleware("http")
    async def no_store(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception as error:  # never the request or the error's text: it may carry personal data
            log.error("api_error", path=request.url.path, error=type(error).__name__)
            response = JSONResponse({"error": "internal", "message": "An internal error occurred."}, 500)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.media_type == "text/html" or response.headers.get("content-type", "").startswith(
            "text/html"
        ):
            response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"error": error.error, "message": error.message}, status_code=error.status)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "processes": list(processes)}

    @app.get("/")
    def index() -> RedirectResponse:
        return RedirectResponse("/kalkylator", status_code=303)

    def parameters(name: str | None) -> JSONResponse:
        served = pick(name)
        data = served.tools.parameters_data(served.context)  # read once and cached by the process
        return JSONResponse({"process": served.name, "parameters": data})

    async def calculate(request: Request, name: str | None) -> Response:
        served = pick(name)
        text = (await body_of(request)).decode("utf-8", "replace")
        output, ok = await run_in_threadpool(served.tools.calculate, text, served.context)
        return Response(output, status_code=200 if ok else 422, media_type="application/json")

    async def estimate(request: Request, name: str | None) -> JSONResponse:
        served, tools = citizen(name)
        try:
            data = json.loads(await body_of(request))
        except (ValueError, UnicodeDecodeError):
            answer = {"ok": False, "preliminary": True, "errors": ["Uppgifterna är inte JSON."]}
            return JSONResponse(answer, status_code=422)
        answer, ok = await run_in_threadpool(tools.estimate, data, served.context)
        return JSONResponse(answer, status_code=200 if ok else 422)

    async def calculator(request: Request, name: str | None) -> HTMLResponse:
        served, tools = citizen(name)
        form = None
        if request.method == "POST":
            await body_of(request)
            fields = await request.form()
            form = {key: value for key, value in fields.items() if isinstance(value, str)}
        action = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return HTMLResponse(await run_in_threadpool(tools.calculator_page, form, served.context, action))

    @app.get("/parameters")
    def parameters_default(process: str | None = None) -> JSONResponse:
        return parameters(process)

    @app.get("/{name}/parameters")
    def parameters_named(name: str) -> JSONResponse:
        return parameters(name)

    @app.post("/calculate")
    async def calculate_default(request: Request, process: str | None = None) -> Response:
        return await calculate(request, process)

    @app.post("/{name}/calculate")
    async def calculate_named(request: Request, name: str) -> Response:
        return await calculate(request, name)

    @app.post("/estimate")
    async def estimate_default(request: Request, process: str | None = None) -> JSONResponse:
        return await estimate(request, process)

    @app.post("/{name}/estimate")
    async def estimate_named(request: Request, name: str) -> JSONResponse:
        return await estimate(request, name)

    @app.api_route("/kalkylator", methods=["GET", "POST"])
    async def calculator_default(request: Request, process: str | None = None) -> HTMLResponse:
        return await calculator(request, process)

    @app.api_route("/{name}/kalkylator", methods=["GET", "POST"])
    async def calculator_named(request: Request, name: str) -> HTMLResponse:
        return await calculator(request, name)

    return app
