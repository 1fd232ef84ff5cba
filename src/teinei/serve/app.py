"""The HTTP routes: the API over one ``Checker``, the page's static files, and errors as one JSON line.

The handlers are ``async`` and lint on the event loop: a check takes milliseconds, and one thread at a time
keeps the linter (and its tagger) free of concurrent use without a lock."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from teinei import __version__
from teinei.serve.checker import ApiError, Checker
from teinei.serve.guard import Guard
from teinei.serve.payloads import CheckRequest, FixRequest

STATIC = resources.files("teinei.serve") / "static"
EML_TYPES = ("message/rfc822", "application/octet-stream")
_BINARY = {"type": "string", "format": "binary"}
_STATUS_MESSAGES = {
    404: "このアドレスには何もありません。",
    405: "このアドレスはこの方法（HTTP メソッド）では使えません。",
}


def _body_schema(model: type[CheckRequest], content_type: str = "application/json") -> dict[str, Any]:
    """The request body as OpenAPI shows it (the handlers read and validate the body themselves, so that a
    wrong content type is 415 and broken JSON 400, not FastAPI's 422 for both)."""
    return {"requestBody": {"required": True, "content": {content_type: {"schema": model.model_json_schema()}}}}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_body(request: Request, model: type[CheckRequest]) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, f"Content-Type が「{kind or 'なし'}」です。application/json で送ってください。")
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise ApiError(400, f"JSON として読めません（{error}）。") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, _first_problem(error.errors())) from None


def _first_problem(errors: Any) -> str:
    """A validation error as one line: the field, and what is wrong with it."""
    first = errors[0]
    field = ".".join(str(p) for p in first["loc"] if p not in ("body", "query"))
    what = {
        "missing": "必須の項目がありません",
        "extra_forbidden": "知らない項目です",
        "string_type": "文字列で指定してください",
        "bool_type": "true か false で指定してください",
        "list_type": "配列で指定してください",
        "model_type": "JSON のオブジェクト（{…}）で送ってください",
        "model_attributes_type": "JSON のオブジェクト（{…}）で送ってください",
    }.get(first["type"], first["msg"])
    return f"項目「{field}」: {what}。" if field else f"送られた本文全体: {what}。"


def create_app(checker: Checker, names: set[str], port: int) -> Guard:
    """The ASGI application: the routes behind the ``Guard`` that checks every request's Host and size."""
    app = FastAPI(
        title="teinei",
        version=__version__,
        description="日本語のビジネスメールの語調と分かりやすさを確認する API（teinei serve）。",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN; ours works offline (static/docs.html)
        redoc_url=None,
    )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return _error(422, _first_problem(error.errors()))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, _STATUS_MESSAGES.get(error.status_code, str(error.detail)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        return _error(500, "サーバー内部で問題が起きました。お手数ですが、もう一度お試しください。")

    @app.post("/api/check", openapi_extra=_body_schema(CheckRequest), summary="下書きを確認する")
    async def check(request: Request, detail: bool = False) -> Response:
        """``teinei check --format json -`` の出力と同じ JSON（path は ``-``）。

        ``detail=true`` なら、指摘の位置（文字数）と引用・署名の範囲も返す。"""
        payload = checker.check(await _json_body(request, CheckRequest), detail=detail)
        if isinstance(payload, (str, bytes)):
            return Response(payload, media_type="application/json")
        return JSONResponse(payload)

    @app.post("/api/fix", openapi_extra=_body_schema(FixRequest), summary="安全な修正をすべて適用する")
    async def fix(request: Request) -> JSONResponse:
        """修正後の本文（``text``）と、適用した指摘（``applied``）。"""
        return JSONResponse(checker.fix(await _json_body(request, FixRequest)))

    @app.post(
        "/api/check-eml", summary="メール（.eml）を確認する",
        openapi_extra={"requestBody": {"required": True, "content": {t: {"schema": _BINARY} for t in EML_TYPES}}},
    )
    async def check_eml(
        request: Request, profile: str | None = None, date: str | None = None, detail: bool = False
    ) -> Response:
        """メールの生データ（.eml）をサーバーで解読して確認する。"""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in EML_TYPES:
            raise ApiError(415, f"Content-Type が「{kind or 'なし'}」です。message/rfc822 で送ってください。")
        payload = checker.check_eml(await request.body(), profile=profile, date=date, detail=detail)
        if isinstance(payload, (str, bytes)):
            return Response(payload, media_type="application/json")
        return JSONResponse(payload)

    @app.get("/api/rules", summary="ルールの一覧")
    async def rules() -> JSONResponse:
        return JSONResponse(checker.rules())

    @app.get("/api/rules/{rule_id:path}", summary="ルールの説明（teinei explain）")
    async def rule(rule_id: str, date: str | None = None) -> JSONResponse:
        return JSONResponse(checker.rule(rule_id, date))

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(str(STATIC / "docs.html"))

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return Guard(app, names, port)
