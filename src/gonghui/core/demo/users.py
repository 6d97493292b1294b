"""The six demo logins and the fixed union behind “chair” and “worker”."""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.core.demo.tree import CITY_NAME
from gonghui.core.models import Organization, OrgKind, Person, Role, User

DEMO_PASSWORD = "Gonghui#2026"

# The fixed 汉滨 union behind the demo logins "chair" and "worker".
FLAGSHIP_EMPLOYER = "安康市汉滨区汉江商贸有限公司"
FLAGSHIP_UNION = "安康市汉滨区汉江商贸有限公司工会委员会"
FLAGSHIP_WORKER = "张伟"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    org_hint: str  # a county federation name, "city" or "flagship"
    first_name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.CITY_ADMIN, "city", "市总管理员"),
    DemoUser("hanbin", Role.COUNTY_OFFICER, "汉滨区总工会", "汉滨区工会干部"),
    DemoUser("shiquan", Role.COUNTY_OFFICER, "石泉县总工会", "石泉县工会干部"),
    DemoUser("chair", Role.GRASSROOTS_CHAIR, "flagship", "基层工会主席"),
    DemoUser("auditor", Role.AUDITOR, "city", "审计员"),
    DemoUser("worker", Role.MEMBER, "flagship", FLAGSHIP_WORKER),
)


def _demo_org(hint: str) -> Organization | None:
    if hint == "city":
        return Organization.objects.filter(parent=None, name=CITY_NAME).first()
    if hint == "flagship":
        return Organization.objects.filter(name=FLAGSHIP_UNION, kind=OrgKind.GRASSROOTS).first()
    return Organization.objects.filter(name=hint, parent__parent=None).first()


def ensure_demo_users() -> list[str]:
    """Create the six demo logins that are missing; returns the usernames created."""
    created = []
    flagship = _demo_org("flagship")
    worker_person = None
    if flagship is not None:
        worker_person = (
            Person.objects.filter(org=flagship, name=FLAGSHIP_WORKER).order_by("pk").first()
        )
    for spec in DEMO_USERS:
        if User.objects.filter(username=spec.username).exists():
            continue
        org = _demo_org(spec.org_hint)
        if org is None:
            continue
        person = worker_person if spec.role == Role.MEMBER else None
        if spec.role == Role.MEMBER and person is None:
            continue
        User.objects.create_user(
            username=spec.username,
            password=DEMO_PASSWORD,
            role=spec.role,
            organization=org,
            person=person,
            first_name=spec.first_name,
            is_staff=spec.role == Role.CITY_ADMIN,
        )
        created.append(spec.username)
    return created
