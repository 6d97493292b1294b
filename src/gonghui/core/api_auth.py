"""What every API router shares: token authentication (tokens are stored hashed), the router with
its auth, the paginated list and the 404 for a record missing or outside the caller's scope.

A domain's `api.py` starts with `router = domain_router("<tag>")`, declares its lists with
`@router.page(path, ItemOut, url_name=…, summary=…)`, its single records with
`@router.record(path, DetailOut, …)`, and looks records up with `found(…)`.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth

from gonghui.core.params import MAX_PAGE, MAX_PAGE_SIZE
from gonghui.core.schemas import ErrorOut

if TYPE_CHECKING:
    from gonghui.core.models import User

T = TypeVar("T", bound=Model)
Handler = TypeVar("Handler", bound=Callable[..., Any])

PAGE_SIZE = 50


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from gonghui.core.models_api import ApiToken

        return ApiToken.authenticate(token)


def api_user(request: HttpRequest) -> "User":
    """The user an API request authenticated as (token or session)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


class Page(PageNumberPagination):
    """?page=N&page_size=M (at most 200 a page, at most MAX_PAGE pages: a huge page number would
    overflow the database's OFFSET)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="每页条数")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


class DomainRouter(Router):
    """A router whose operations take a bearer token or the browser session (CSRF enforced)."""

    def page(
        self, path: str, item: Any, *, url_name: str, summary: str
    ) -> Callable[[Handler], Handler]:
        """GET `path`: the handler's queryset as a page of `item` (?page=N&page_size=M)."""

        def decorate(handler: Handler) -> Handler:
            listed = paginate(Page)(handler)
            route = self.get(path, response=list[item], url_name=url_name, summary=summary)
            return route(listed)  # type: ignore[no-any-return]

        return decorate

    def record(
        self, path: str, out: Any, *, url_name: str, summary: str
    ) -> Callable[[Handler], Handler]:
        """GET `path`: one record as `out`, or 404 (ErrorOut) when it is missing or out of scope."""
        return self.get(
            path, response={200: out, 404: ErrorOut}, url_name=url_name, summary=summary
        )


def domain_router(tag: str) -> DomainRouter:
    """The router of one part of the API, listed under `tag` in the OpenAPI document."""
    return DomainRouter(tags=[tag], auth=[TokenAuth(), django_auth])


def found(
    lookup: "QuerySet[T] | Callable[[], T | None]", what: str, pk: int, *, key: str = "ID"
) -> T:
    """The record with primary key `pk` in `lookup` (a scoped queryset, or a getter that returns
    None or raises DoesNotExist); else 404 「{what}（ID n）不存在或不在您的管辖范围内」, which does
    not tell a missing record from one outside the caller's scope."""
    try:
        record = lookup.filter(pk=pk).first() if isinstance(lookup, QuerySet) else lookup()
    except ObjectDoesNotExist:
        record = None
    if record is None:
        raise HttpError(404, f"{what}（{key} {pk}）不存在或不在您的管辖范围内")
    return record
