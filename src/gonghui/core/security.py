"""Safe defaults: no caching of what the app serves, private log files, Chinese error pages.

settings.LOGGING names the log handler below, so this module is imported while Django sets up
logging: it must not import models or apps at module level.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Callable
from io import TextIOWrapper
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

log = logging.getLogger("gonghui.security")

# Shown when even the framed 500 page cannot be rendered (a broken template, a missing static
# manifest): plain HTML with nothing from the request.
PLAIN_500 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统错误</title></head>'
    '<body style="font-family: sans-serif; padding: 2rem"><h1>系统暂时出错</h1>'
    "<p>错误已记录。请稍后重试；如果问题持续，请联系系统管理员。</p>"
    '<p><a href="/">返回工作台</a></p></body></html>'
)
PLAIN_400 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>请求有误</title></head>'
    '<body style="font-family: sans-serif; padding: 2rem"><h1>请求有误</h1>'
    "<p>请求的参数不正确，请从页面上的链接或按钮重新进入。</p>"
    '<p><a href="/">返回工作台</a></p></body></html>'
)
CSRF_MESSAGE = "页面已过期或缺少安全校验信息，请刷新页面后重试。"


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response the app builds: pages, downloads, API answers.

    They may carry personal data, and union offices share PCs. Static files never reach this
    middleware: WhiteNoise, placed before it, answers them with its own long caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Pragma", "no-cache")  # HTTP/1.0 caches
        return response


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file only its owner can read: the directory 0700, every file 0600."""

    def __init__(self, filename: str | os.PathLike[str], *args: Any, **kwargs: Any) -> None:
        directory = Path(filename).parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)
        super().__init__(filename, *args, **kwargs)

    def _open(self) -> TextIOWrapper:
        # Create the file 0600 before the logging module opens it (rollover calls this again).
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        os.chmod(self.baseFilename, 0o600)
        return super()._open()


# ---------------------------------------------------------------- error pages (urls.handler*)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 in the site's frame with the denial's Chinese message (permissions.Denied carries one)."""
    message = str(exception) if exception is not None else ""
    return render(request, "403.html", {"exception": message}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 in the site's frame: a bad query parameter's Chinese message (core.params), otherwise
    a general one — never Django's English text (a refused Host header, too many fields …)."""
    from gonghui.core.params import BadParameter

    message = exception.message if isinstance(exception, BadParameter) else ""
    try:
        return render(request, "400.html", {"exception": message}, status=400)
    except Exception:  # e.g. a refused Host header breaks the frame's links; never a 500 here
        log.exception("the 400 page could not be rendered")
        return HttpResponseBadRequest(PLAIN_400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's frame; never the exception text (Django's is English) or URL lists."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 rendered without the request: no user, menu or query (the database may be the
    problem) and nothing the client sent. Django has already logged the traceback."""
    html: str
    try:
        html = loader.render_to_string("500.html")
    except Exception:  # the original error is logged already; never fail the error page
        log.exception(
            "the 500 page could not be rendered (production: static files not collected? "
            "run `gonghui collectstatic --noinput`)"
        )
        html = PLAIN_500
    return HttpResponseServerError(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (missing or stale CSRF token) as the Chinese 403 page; the reason is
    logged by Django (django.security.csrf), not shown."""
    return render(request, "403.html", {"exception": CSRF_MESSAGE}, status=403)
