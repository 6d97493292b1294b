"""The JSON API root (django-ninja); each app adds its router here. OpenAPI at /api/docs."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gonghui.core.api import router as core_router
from gonghui.core.api_auth import TokenAuth
from gonghui.honors.api import router as honors_router
from gonghui.mutual_aid.api import router as mutual_aid_router
from gonghui.recuperation.api import router as recuperation_router

api = NinjaAPI(title="工会服务平台 API", version="1", auth=TokenAuth(), urls_namespace="api")
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
