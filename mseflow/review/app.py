"""The review station's FastAPI app: three pages, the JSON API, login.

Pages are rendered on the server (Jinja2); the record page's script only draws
boxes, previews re-validation and posts decisions. Every asset is served from
the package (no CDN). Routes:

- ``GET /`` queue, ``GET /records/{id}`` record, ``GET /employees`` employees;
- ``GET /api/queue``, ``GET /api/records/{id}``, ``GET /api/records/{id}/pages/{n}.png``
  (and ``.json``: its coordinate space; ``{n}-{k}``: the record's k-th side of two-up
  sheet n), ``POST /api/records/{id}/review``,
  ``POST /api/records/{id}/preview``, ``GET /api/employees``, ``GET /api/session``;
- ``GET|POST /login``, ``POST /logout`` when ``MSEFLOW_REVIEW_TOKEN`` is set.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from mseflow import __version__
from mseflow.errors import OutputError
from mseflow.records.queue import QueueItem, ReviewFilter
from mseflow.records.reviews import Decision
from mseflow.review import views
from mseflow.review.config import ReviewConfig
from mseflow.review.security import Sessions, install, token_matches
from mseflow.review.service import FieldErrors, NotFoundError, ReviewService
from mseflow.review.texts import DOC_TYPE_LABELS, STATUS_LABELS, reason_choices

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
PAGE_SIZE = 50


class ReviewBody(BaseModel):
    """``POST /api/records/{id}/review``."""

    decision: Decision
    fields: dict[str, Any] = Field(default_factory=dict)
    reviewer: str | None = None
    comment: str = ""


class PreviewBody(BaseModel):
    """``POST /api/records/{id}/preview``: values to try, nothing stored."""

    fields: dict[str, Any] = Field(default_factory=dict)


def create_app(config: ReviewConfig) -> FastAPI:
    """The app over ``config.out_dir`` (its ``records.sqlite`` must exist)."""
    app = FastAPI(title="mseflow review", version=__version__, docs_url=None, redoc_url=None)
    service = ReviewService(config)
    sessions = Sessions(config.token)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(version=__version__, auth_on=config.auth_on)
    app.state.service = service
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install(app, config, sessions)
    _handlers(app)
    _pages(app, service, templates)
    _api(app, service, config, templates)
    _login(app, config, sessions, templates)
    return app


def _render(templates: Jinja2Templates, request: Request, name: str, **context: Any) -> Response:
    session = request.state.session
    context.update(csrf=session.csrf, reviewer=session.reviewer or "")
    return templates.TemplateResponse(request, name, context)


def _pages(app: FastAPI, service: ReviewService, templates: Jinja2Templates) -> None:
    @app.get("/", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        status: str = "",
        doc_type: str = "",
        reason: str = "",
        review: ReviewFilter = ReviewFilter.pending,
        page: int = 1,
    ) -> Response:
        page = max(1, page)
        query = service.query(
            status=status or None, doc_type=doc_type or None, reason=reason or None,
            review=review, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        )  # fmt: skip
        found = service.queue(query)
        filters = {"status": status, "doc_type": doc_type, "reason": reason, "review": str(review)}
        return _render(
            templates, request, "queue.html",
            rows=[views.queue_row(item) for item in found.items], total=found.total,
            page=page, pages=max(1, math.ceil(found.total / PAGE_SIZE)), filters=filters,
            statuses=STATUS_LABELS, doc_types=DOC_TYPE_LABELS, reasons=reason_choices(),
        )  # fmt: skip

    @app.get("/records/{record_id}", response_class=HTMLResponse)
    def record_page(request: Request, record_id: str) -> Response:
        stored = service.stored(record_id)
        record = stored.record
        minimum = service.settings.validation.min_confidence
        return _render(
            templates, request, "record.html",
            record_id=record_id, record=record, processed_at=stored.processed_at,
            doc_type=DOC_TYPE_LABELS.get(str(record.doc_type), str(record.doc_type)),
            fields=views.field_views(record, minimum), candidates=views.candidate_rows(record),
            page_views=views.page_views(record),
            check=views.validation_view(record), history=views.history_rows(service.history(record_id)),
            confidence=round(record.confidence * 100), min_confidence=round(minimum * 100),
        )  # fmt: skip

    @app.get("/employees", response_class=HTMLResponse)
    def employees_page(request: Request, within: int = 90) -> Response:
        within = within if within in (30, 60, 90) else 90
        rows = [views.employee_row(e) for e in service.employees()]
        due = [views.due_row(item) for item in service.due(within)]
        return _render(
            templates, request, "employees.html", rows=rows, due=due, within=within,
            today=views.date_ru(service.today),
        )  # fmt: skip


def _item_json(item: QueueItem) -> dict[str, Any]:
    return {
        "record_id": item.record_id,
        "doc_type": item.doc_type,
        "status": item.status,
        "reasons": item.reasons,
        "confidence": item.confidence,
        "priority": item.priority,
        "review_status": item.review_status,
        "processed_at": item.processed_at,
    }


def _reviewer(request: Request, config: ReviewConfig, given: str | None) -> str:
    """Who decided: the logged-in name when auth is on (never the body), else the body's."""
    if config.auth_on:
        if getattr(request.state, "via_token", False):
            return "api-token"
        return request.state.session.reviewer or "reviewer"
    name = " ".join((given or "").split())[:80]
    return name or request.state.session.reviewer or config.default_reviewer


def _handlers(app: FastAPI) -> None:
    """Missing records, values that do not parse, a store that cannot be reached."""

    @app.exception_handler(NotFoundError)
    def _not_found(request: Request, exc: NotFoundError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return Response("Не найдено", status_code=404, media_type="text/plain; charset=utf-8")

    @app.exception_handler(OutputError)
    def _store_down(request: Request, exc: OutputError) -> Response:
        logger.warning("store error on %s %s: %s", request.method, request.url.path, exc)
        message = "Хранилище записей или решений недоступно, ничего не изменено: повторите позже"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=503)
        return Response(message, status_code=503, media_type="text/plain; charset=utf-8")

    @app.exception_handler(FieldErrors)
    def _field_errors(request: Request, exc: FieldErrors) -> Response:
        return JSONResponse({"detail": "invalid values", "errors": exc.errors}, status_code=422)


def _api(
    app: FastAPI, service: ReviewService, config: ReviewConfig, templates: Jinja2Templates
) -> None:
    @app.get("/api/session")
    def session_info(request: Request) -> dict[str, Any]:
        session = request.state.session
        return {"csrf": session.csrf, "reviewer": session.reviewer, "auth": config.auth_on}

    @app.get("/api/queue")
    def api_queue(
        status: str = "", doc_type: str = "", reason: str = "",
        review: ReviewFilter = ReviewFilter.pending, limit: int = PAGE_SIZE, offset: int = 0,
    ) -> dict[str, Any]:  # fmt: skip
        query = service.query(
            status=status or None, doc_type=doc_type or None, reason=reason or None,
            review=review, limit=limit, offset=offset,
        )  # fmt: skip
        found = service.queue(query)
        return {"total": found.total, "items": [_item_json(item) for item in found.items]}

    @app.get("/api/records/{record_id}")
    def api_record(record_id: str) -> dict[str, Any]:
        return service.payload(record_id)

    @app.get("/api/records/{record_id}/pages/{page:int}.png")
    def api_page_png(record_id: str, page: int) -> Response:
        view = service.page_view(record_id, page)
        return Response(view.png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @app.get("/api/records/{record_id}/pages/{page:int}.json")
    def api_page_geometry(record_id: str, page: int) -> dict[str, Any]:
        view = service.page_view(record_id, page)
        return {"page": page, "width": view.width, "height": view.height, "unit": view.unit}

    @app.get("/api/records/{record_id}/pages/{page:int}-{side:int}.png")
    def api_side_png(record_id: str, page: int, side: int) -> Response:
        view = service.page_view(record_id, page, side)
        return Response(view.png, media_type="image/png", headers={"Cache-Control": "no-store"})

    @app.get("/api/records/{record_id}/pages/{page:int}-{side:int}.json")
    def api_side_geometry(record_id: str, page: int, side: int) -> dict[str, Any]:
        view = service.page_view(record_id, page, side)
        return {
            "page": page, "side": side, "width": view.width, "height": view.height,
            "unit": view.unit,
        }  # fmt: skip

    @app.post("/api/records/{record_id}/review")
    def api_review(record_id: str, body: ReviewBody, request: Request) -> dict[str, Any]:
        reviewer = _reviewer(request, config, body.reviewer)
        service.decide(record_id, body.decision, body.fields, reviewer, body.comment[:2000])
        return service.payload(record_id)

    @app.post("/api/records/{record_id}/preview")
    def api_preview(record_id: str, body: PreviewBody) -> dict[str, Any]:
        record = service.preview(record_id, body.fields)
        check = views.validation_view(record)
        html = templates.get_template("check.html").render(check=check)
        return {"record": record.to_json_dict(), "check": check, "html": html}

    @app.get("/api/employees")
    def api_employees(within: int = 90) -> dict[str, Any]:
        employees = service.employees()
        return {
            "total": len(employees),
            "items": [views.employee_row(e).__dict__ for e in employees],
            "due": [views.due_row(item) for item in service.due(within)],
        }


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (no multipart needed for two fields)."""
    body = (await request.body())[:8192].decode("utf-8", "replace")
    return {key: values[0] for key, values in parse_qs(body).items()}


def _login(
    app: FastAPI, config: ReviewConfig, sessions: Sessions, templates: Jinja2Templates
) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        if not config.auth_on:
            return RedirectResponse("/", status_code=303)
        return _render(templates, request, "login.html", error="")

    @app.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await _form(request)
        session = request.state.session
        if not config.auth_on:
            return RedirectResponse("/", status_code=303)
        if not token_matches(form.get("csrf_token"), session.csrf):
            return _render(
                templates, request, "login.html", error="Обновите страницу и войдите снова"
            )
        name = " ".join(form.get("name", "").split())[:80]
        if not name or not token_matches(form.get("token"), config.token):
            return _render(
                templates, request, "login.html", error="Неверный токен или не указано имя"
            )
        sessions.drop(session.sid)
        fresh = sessions.new()
        fresh.reviewer, fresh.authenticated = name, True
        request.state.session = fresh
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        form = await _form(request)
        if not token_matches(form.get("csrf_token"), request.state.session.csrf):
            return Response("Нет или неверен CSRF-токен", status_code=403)
        sessions.drop(request.state.session.sid)
        request.state.session = sessions.new()
        return RedirectResponse("/login" if config.auth_on else "/", status_code=303)
