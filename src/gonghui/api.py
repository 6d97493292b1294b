"""The JSON API root (django-ninja); each app adds its router here. OpenAPI at /api/docs.

Every error is JSON `{"detail": "<中文说明>"}` (schema ErrorOut): 401 without a valid token, 403
when the permission table says no, 404 for records missing or outside one's scope, 500 for an
unhandled error — whose traceback goes to the log only, never into the response.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from gonghui.core.api import router as core_router
from gonghui.core.api_auth import TokenAuth
from gonghui.core.schemas import ErrorOut
from gonghui.honors.api import router as honors_router
from gonghui.mutual_aid.api import router as mutual_aid_router
from gonghui.recuperation.api import router as recuperation_router

log = logging.getLogger("gonghui.api")

DENIED_DEFAULT = "您的账号无权执行此操作"
NOT_FOUND = "记录不存在或不在您的管辖范围内"
SERVER_ERROR = "服务器内部错误，已记录，请联系管理员"

_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_ERROR_RESPONSES = {
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": NOT_FOUND,
    "500": SERVER_ERROR,
}


class GonghuiAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema lists the shared error answers on every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorOut", ErrorOut.model_json_schema())
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                codes = ["500"]
                if operation.get("security"):
                    codes += ["401", "403"]
                if "{" in path:
                    codes.append("404")
                responses = operation.setdefault("responses", {})
                for code in codes:
                    responses.setdefault(
                        code,
                        {
                            "description": _ERROR_RESPONSES[code],
                            "content": {"application/json": {"schema": _ERROR_REF}},
                        },
                    )
        return schema


api = GonghuiAPI(
    title="工会服务平台 API",
    version="1",
    auth=TokenAuth(),
    urls_namespace="api",
    # Swagger UI from django-ninja's own static files (settings: "ninja" app), never a CDN;
    # no online validator either (offices run offline).
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/core/", core_router)
api.add_router("/honors/", honors_router)
api.add_router("/recuperation/", recuperation_router)
api.add_router("/mutual-aid/", mutual_aid_router)


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "请求"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Schema errors as a Chinese 400 naming each field."""
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": "字段缺失或格式不正确"}
        for err in exc.errors
    ]
    fields = "、".join(e["field"] for e in errors) or "请求"
    return api.create_response(
        request, {"detail": f"请求数据有误：{fields}", "errors": errors}, status=400
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "未登录或令牌无效，请在 Authorization 头中提供 Bearer 令牌"}, status=401
    )


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 with the denial's Chinese message (permissions.Denied carries one)."""
    return api.create_response(request, {"detail": str(exc) or DENIED_DEFAULT}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """404 in Chinese; Django's own text (English, naming the model) is not passed on."""
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """500 without the traceback, even when DEBUG is on; the traceback goes to the log."""
    log.error("API error: %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": SERVER_ERROR}, status=500)
