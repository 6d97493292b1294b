"""The JSON API root (django-ninja); each domain's router is mounted from its AppConfig. OpenAPI at /api/docs.

Every error is JSON `{"detail": "<中文说明>"}` (schema ErrorOut): 400 for a parameter or field of the
wrong form or out of its bounds (with `errors` naming each one) or a request the domain refuses,
401 without a valid token, 403 when the permission table says no, 404 for records missing or
outside one's scope, 500 for an unhandled error — whose traceback goes to the log only, never into
the response. The OpenAPI schema lists exactly these answers on each operation.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from gonghui.core.api_auth import TokenAuth
from gonghui.core.kit import api_mounts
from gonghui.core.schemas import ErrorOut

log = logging.getLogger("gonghui.api")

DENIED_DEFAULT = "您的账号无权执行此操作"
NOT_FOUND = "记录不存在或不在您的管辖范围内"
SERVER_ERROR = "服务器内部错误，已记录，请联系管理员"

_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_ERROR_RESPONSES = {
    "400": "请求参数或数据有误",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": NOT_FOUND,
    "500": SERVER_ERROR,
}


class GonghuiAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema lists the shared error answers on every operation.

    Status codes are keyed as strings: django-ninja keys a handler's own responses by int, so
    adding "404" next to 404 would put the same key twice into openapi.json.
    """

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorOut" not in components:
            error_out = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(error_out.pop("$defs", {}))
            components["ErrorOut"] = error_out
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                codes = ["500"]
                if operation.get("parameters") or operation.get("requestBody"):
                    codes.append("400")  # a parameter or field that fails its bounds
                if operation.get("security"):
                    codes += ["401", "403"]
                if "{" in path:
                    codes.append("404")
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
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
# Every domain's router at the prefix its AppConfig declares (core.kit).
for _prefix, _router in api_mounts():
    api.add_router(_prefix, _router)


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "请求"


def _field_message(err: dict[str, Any]) -> str:
    """The Chinese reason for one pydantic error (its English text is not passed on)."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "缺少此项"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于{ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于{ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"最多{ctx.get('max_length')}个字符"
    if kind == "string_pattern_mismatch":
        return "不能含空字符（NUL）"
    if kind == "int_parsing_size":
        return "数值超出范围"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数"
    if kind.startswith("date") or (kind == "value_error" and "日期" in str(ctx.get("error"))):
        return "日期应为YYYY-MM-DD格式"
    if kind == "enum":
        # pydantic lists them as "'a', 'b' or 'c'": shown as a、b、c.
        expected = str(ctx.get("expected", "")).replace("' or '", "', '")
        return "应为以下之一：" + "、".join(v.strip(" '") for v in expected.split(","))
    if kind.startswith("bool"):
        return "应为true或false"
    return "格式不正确"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Schema errors as a Chinese 400 naming each field."""
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": _field_message(dict(err))}
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
