"""Who may do what: one table of actions × roles, checked in the services.

Every app declares its actions in `<app>/permissions.py` (a list `ACTIONS`), registered by its
AppConfig. A write service is decorated with `@requires("app.entity.verb", on="plan")`: before the
body runs, the decorator checks the acting user's role against the table, the level of the user's
organization, and — when `on` names a record — that the record's owner organization lies in the
user's subtree (职工本人: that the record is their own). A denial raises `Denied` (a 403) and
nothing is changed. Views declare the action of each POST route with `@route_action(...)`; menus
and buttons ask `can(user, action)`; the 权限说明 page lists this table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

from gonghui.core.models import Organization, OrgKind, Person, Role

F = TypeVar("F", bound=Callable[..., Any])

CITY_ADMIN = Role.CITY_ADMIN.value
COUNTY_OFFICER = Role.COUNTY_OFFICER.value
GRASSROOTS_CHAIR = Role.GRASSROOTS_CHAIR.value
AUDITOR = Role.AUDITOR.value
MEMBER = Role.MEMBER.value

ALL_ROLES = frozenset({CITY_ADMIN, COUNTY_OFFICER, GRASSROOTS_CHAIR, AUDITOR, MEMBER})
STAFF = frozenset({CITY_ADMIN, COUNTY_OFFICER, GRASSROOTS_CHAIR, AUDITOR})
WRITERS = frozenset({CITY_ADMIN, COUNTY_OFFICER, GRASSROOTS_CHAIR})
OFFICERS = frozenset({CITY_ADMIN, COUNTY_OFFICER})
CITY = frozenset({CITY_ADMIN})
AUDIT = frozenset({CITY_ADMIN, AUDITOR})
SELF = frozenset({MEMBER})

# Rank of a role when granting roles: a county admin cannot grant a role above its own.
ROLE_RANK = {MEMBER: 0, GRASSROOTS_CHAIR: 1, AUDITOR: 2, COUNTY_OFFICER: 2, CITY_ADMIN: 3}

# The organization levels a user's own organization may be at for an action.
LEVEL_LABELS = {
    "city": "市总工会",
    "county": "县（市、区）总工会及以上",
    "any": "任何层级",
}
_LEVEL_KINDS = {
    "city": {OrgKind.CITY.value},
    "county": {OrgKind.CITY.value, OrgKind.COUNTY.value},
}


@dataclass(frozen=True)
class Action:
    """One row of the table: an action, who may do it, and from which organization level."""

    key: str
    label: str
    roles: frozenset[str]
    level: str = "any"  # "city" | "county" | "any": where the acting user's organization sits
    note: str = ""
    # Filled by @requires: the services that check this action ("module.function").
    services: list[str] = field(default_factory=list, compare=False, hash=False)

    @property
    def is_read(self) -> bool:
        return self.key.endswith((".view", ".export")) and MEMBER not in self.roles


class Denied(PermissionDenied):
    """The acting user may not do this; raised before anything changes (answered with 403)."""

    def __init__(self, message: str, *, action: str = ""):
        super().__init__(message)
        self.message = message
        self.action = action

    def __str__(self) -> str:
        return self.message


_TABLE: dict[str, Action] = {}


def register(actions: Iterable[Action]) -> None:
    """Add an app's actions to the table (idempotent for the same declaration)."""
    for action in actions:
        if action.level not in LEVEL_LABELS:
            raise ValueError(f"{action.key}: unknown level {action.level!r}")
        unknown = action.roles - ALL_ROLES
        if unknown:
            raise ValueError(f"{action.key}: unknown roles {sorted(unknown)}")
        existing = _TABLE.get(action.key)
        if existing is not None and existing != action:
            raise ValueError(f"permission {action.key} declared twice with different rules")
        if existing is None:
            _TABLE[action.key] = action


def table() -> dict[str, Action]:
    """The whole table, by key (apps are registered when Django is set up)."""
    return dict(_TABLE)


def get(key: str) -> Action:
    try:
        return _TABLE[key]
    except KeyError:
        raise KeyError(f"permission {key!r} is not declared in any app's permissions.py") from None


def owner_org(target: Any) -> Organization | None:
    """The organization a record belongs to (its owner)."""
    if target is None:
        return None
    if isinstance(target, Organization):
        return target
    if isinstance(target, Person):
        return target.org
    owner = getattr(target, "owner_org", None)
    if callable(owner):
        owner = owner()
    if isinstance(owner, Organization):
        return owner
    org = getattr(target, "org", None)
    if isinstance(org, Organization):
        return org
    person = getattr(target, "person", None)
    if isinstance(person, Person):
        return person.org
    return None


def _person_of(target: Any) -> Person | None:
    if isinstance(target, Person):
        return target
    person = getattr(target, "person", None)
    return person if isinstance(person, Person) else None


def _role_allowed(user: Any, action: Action) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role not in action.roles:
        return False
    if user.role == MEMBER:
        return True  # 职工本人 act only on their own records (checked on the target)
    org = user.organization
    if org is None:
        return False
    return action.level == "any" or org.kind in _LEVEL_KINDS[action.level]


def _target_allowed(user: Any, target: Any) -> bool:
    if target is None:
        return True
    if user.role == MEMBER:
        person = _person_of(target)
        return person is not None and user.person_id == person.pk
    owner = owner_org(target)
    if owner is None:
        # A record without an owner belongs to the whole platform: only the city acts on it.
        return user.organization is not None and user.organization.parent_id is None
    return user.organization is not None and owner.path.startswith(user.organization.path)


def can(user: Any, key: str, target: Any = None) -> bool:
    """Whether `user` may do `key` (on `target`, when given): for menus, buttons and row actions."""
    action = get(key)
    return _role_allowed(user, action) and _target_allowed(user, target)


def authorize(user: Any, key: str, target: Any = None) -> None:
    """Raise Denied unless `user` may do `key` (on `target`)."""
    action = get(key)
    if not _role_allowed(user, action):
        raise Denied(f"您的账号无权{action.label}", action=key)
    if not _target_allowed(user, target):
        # Never say where a record outside one's scope is.
        raise Denied(f"无权{action.label}：该记录不在您的管辖范围内", action=key)


def _acting_user(kwargs: dict[str, Any]) -> Any:
    for name in ("user", "actor", "acting_user"):
        if name in kwargs:
            return kwargs[name]
    return None


def requires(key: str, *, on: str | None = None) -> Callable[[F], F]:
    """Decorate a service: check `key` for the `user=` kwarg (on the record in kwarg `on`)."""

    def decorate(fn: F) -> F:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            authorize(_acting_user(kwargs), key, kwargs.get(on) if on else None)
            return fn(*args, **kwargs)

        wrapper.permission = key  # type: ignore[attr-defined]
        wrapper.permission_on = on  # type: ignore[attr-defined]
        SERVICES[name] = (key, on)
        return wrapper  # type: ignore[return-value]

    return decorate


# "module.function" → (action key, the kwarg naming the target record or None)
SERVICES: dict[str, tuple[str, str | None]] = {}


def route_action(key: str | Callable[..., str]) -> Callable[[F], F]:
    """Declare the action a page's POST performs (the permission walk checks every POST route).

    `key` is an action key, or a function of the URL kwargs returning one (a route that
    dispatches several actions). The view answers 403 before it runs when the role may not act;
    the service still checks the record.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            if request.method == "POST":
                action = key(**kwargs) if callable(key) else key
                if action in _TABLE:
                    if not _role_allowed(request.user, _TABLE[action]):
                        raise Denied(f"您的账号无权{_TABLE[action].label}", action=action)
            return view(request, *args, **kwargs)

        wrapper.route_action = key  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def read_only(view: F) -> F:
    """Mark a view whose POST changes nothing (a filter form posted, an export of a list)."""
    view.route_action = None  # type: ignore[attr-defined]
    return view


def role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


def rows() -> list[dict[str, Any]]:
    """The table as rows for the 权限说明 page: action, label, each role's yes/no, level."""
    roles = [r for r, _ in Role.choices]
    out = []
    for action in sorted(_TABLE.values(), key=lambda a: a.key):
        out.append(
            {
                "key": action.key,
                "label": action.label,
                "roles": [(role_label(r), r in action.roles) for r in roles],
                "level": LEVEL_LABELS[action.level],
                "note": action.note,
            }
        )
    return out
