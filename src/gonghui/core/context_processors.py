"""The left menu, by module; items a role may not use, or whose page does not exist yet, are hidden."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from gonghui.core.permissions import can
from gonghui.core.scope import can_audit, can_see_full_pii, can_write

# (section, [(label, url name, predicate)]): a predicate is an action of the permission table
# ("honors.honor_type.change") or one of PREDICATES. A module adds its entries here, or from its
# AppConfig.ready() with register_menu(); entries whose URL name does not resolve are skipped.
MENU: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("首页", [("工作台", "core:home", "core.home.view")]),
    (
        "基础数据",
        [
            ("组织机构", "core:organization_list", "core.organization.view"),
            ("用人单位", "core:employer_list", "core.employer.view"),
            ("人员档案", "core:person_list", "core.person.view"),
            ("会员关系", "core:membership_list", "core.membership.view"),
            ("数据导入", "core:import_start", "core.import.run"),
            ("后台任务", "core:job_list", "core.job.view"),
        ],
    ),
    (
        "系统",
        [
            ("审计日志", "core:audit_list", "core.audit.view"),
            ("我的信息", "core:me", "core.self.view"),
        ],
    ),
]

PREDICATES = {"any", "member", "staff", "write", "audit", "full_pii"}


def register_menu(section: str, label: str, url_name: str, predicate: str = "staff") -> None:
    """Add a menu entry (idempotent); a new section goes before 系统."""
    if predicate not in PREDICATES and "." not in predicate:
        raise ValueError(f"unknown menu predicate {predicate!r}")
    entry = (label, url_name, predicate)
    for title, items in MENU:
        if title == section:
            if entry not in items:
                items.append(entry)
            return
    position = next((i for i, (t, _) in enumerate(MENU) if t == "系统"), len(MENU))
    MENU.insert(position, (section, [entry]))


def _allowed(user: Any, predicate: str) -> bool:
    if "." in predicate:  # an action of the permission table
        return can(user, predicate)
    if predicate == "any":
        return True
    if predicate == "member":
        return user.role == "member"
    if predicate == "staff":
        return user.role != "member"
    if predicate == "write":
        return can_write(user)
    if predicate == "audit":
        return can_audit(user)
    if predicate == "full_pii":
        return can_see_full_pii(user)
    return False


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    path = request.path
    sections = []
    for title, items in MENU:
        visible: list[dict[str, Any]] = []
        for label, name, pred in items:
            if not _allowed(user, pred):
                continue
            url = _url(name)
            if url is None:
                continue
            visible.append({"label": label, "url": url, "active": False})
        if visible:
            sections.append((title, visible))
    # Only the most specific entry is active: on /honors/visits/holidays/ that is 节日走访,
    # not also 五必访走访 (/honors/visits/) and 劳模名录 (/honors/).
    matches = [
        item
        for _, items in sections
        for item in items
        if (path == item["url"] if item["url"] == "/" else path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"menu": sections}
