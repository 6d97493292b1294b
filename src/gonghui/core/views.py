"""Login, logout and 我的信息 (the home page, 工作台, is views_home)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from gonghui.core import selectors
from gonghui.core.auth import LoginRefused, login_authenticate, login_record, logout_record
from gonghui.core.forms import LoginForm
from gonghui.core.models import MembershipStatus
from gonghui.core.permissions import read_only


# Signing in is no action of the permission table (anyone may try; core.auth limits attempts).
@read_only
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = login_authenticate(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except LoginRefused as exc:
            error = exc.message
        else:
            login(request, user)
            login_record(request=request, user=user)
            if user.must_change_password:
                messages.warning(request, "您正在使用临时密码，请先设置新密码")
                query = urlencode({"next": next_url})
                return redirect(f"{reverse('core:password_change')}?{query}")
            return redirect(next_url)
    return render(request, "core/login.html", {"form": form, "error": error, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_record(request=request, user=request.user)  # type: ignore[arg-type]
    logout(request)
    return redirect("core:login")


def _member_context(request: HttpRequest) -> dict[str, object]:
    person = request.user.person  # type: ignore[union-attr]
    memberships = []
    if person is not None:
        memberships = list(
            selectors.membership_list(user=request.user).filter(person=person)  # type: ignore[arg-type]
        )
    active = next((m for m in memberships if m.status == MembershipStatus.ACTIVE), None)
    return {"title": "我的信息", "person": person, "memberships": memberships, "active": active}


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "core/me.html", _member_context(request))
