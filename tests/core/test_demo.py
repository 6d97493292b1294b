"""`gonghui demo` and `gonghui logins`: deterministic, valid, idempotent demo data and logins."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from gonghui.core.codes import BY_FIELD as CODE_LISTS
from gonghui.core.demo import (
    DEMO_PASSWORD,
    ZONE_REGION,
    demo_digest,
    seed_demo,
)
from gonghui.core.models import (
    AuditLog,
    Employer,
    Membership,
    MembershipStatus,
    Organization,
    OrgKind,
    Person,
    Role,
    User,
)
from gonghui.core.validators import parse_credit_code, parse_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at full strength costs ~0.4 s per demo user; the hasher is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _Rollback(Exception):
    pass


def _digest_of_fresh_run(seed: int, members: int = 300) -> str:
    """Seed an empty database, digest its content, then roll everything back."""
    assert not Person.objects.exists()
    digest = ""
    try:
        with transaction.atomic():
            seed_demo(members=members, seed=seed)
            digest = demo_digest()
            raise _Rollback
    except _Rollback:
        pass
    return digest


def _county_of(org: Organization) -> Organization:
    return Organization.objects.get(pk=int(org.path.strip("/").split("/")[1]))


def test_same_seed_gives_identical_data_on_a_fresh_database():
    first = _digest_of_fresh_run(seed=5)
    second = _digest_of_fresh_run(seed=5)
    other = _digest_of_fresh_run(seed=6)
    assert first == second
    assert first != other


def test_every_id_number_is_valid_and_its_region_fits_the_county():
    seed_demo(members=600, seed=2)
    persons = list(Person.objects.select_related("employer__org"))
    assert len(persons) == 600
    for person in persons:
        parsed = parse_id_number(person.id_number)
        assert parsed.birth_date == person.birth_date
        assert parsed.sex == person.sex
        assert dt.date(1960, 1, 1) <= person.birth_date <= dt.date(2004, 12, 31)
        county = _county_of(person.employer.org)
        assert parsed.region == (county.code or ZONE_REGION), (person.name, county.name)
        assert person.id_masked == parsed.number[:6] + "********" + parsed.number[-4:]
        assert person.name_pinyin and person.name_initials
        assert len(person.phone) == 11 and person.phone.startswith("1")


def test_every_credit_code_is_valid_and_unique():
    seed_demo(members=600, seed=3)
    codes = list(Employer.objects.values_list("credit_code", flat=True))
    assert len(codes) >= 24
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert parse_credit_code(code) == code


def test_tree_has_towns_industry_federations_and_grassroots_unions_of_employers():
    seed_demo(members=600, seed=4)
    city = Organization.objects.get(parent=None)
    assert Organization.objects.filter(
        parent=city, kind=OrgKind.INDUSTRY, name="安康市快递行业工会联合会"
    ).exists()
    hanbin = Organization.objects.get(code="610902")
    assert Organization.objects.filter(parent=hanbin, kind=OrgKind.REGIONAL).count() >= 2
    for county in city.children.filter(kind=OrgKind.COUNTY):
        assert county.children.filter(kind=OrgKind.REGIONAL).exists(), county.name
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).select_related("employer")
    assert unions.exists()
    for union in unions:
        assert union.employer is not None and union.employer.has_union
        assert union.path == union.parent.path + Organization.segment(union.pk)
    # Employers without their own union have no grassroots union pointing at them.
    assert not Organization.objects.filter(employer__has_union=False).exists()


def test_memberships_join_after_eighteen_and_persons_sit_in_their_union():
    seed_demo(members=600, seed=8)
    memberships = Membership.objects.select_related("person", "union")
    assert memberships.count() > 300
    for m in memberships:
        assert m.union.kind in (OrgKind.GRASSROOTS, OrgKind.REGIONAL, OrgKind.INDUSTRY)
        assert m.joined_on >= m.person.birth_date.replace(day=1, year=m.person.birth_date.year + 18)
        if m.status == MembershipStatus.ACTIVE:
            assert m.person.org_id == m.union_id


def test_flags_and_attributes_are_plausibly_distributed():
    seed_demo(members=2000, seed=9)
    total = Person.objects.count()
    new_form = Person.objects.exclude(new_employment_form="").count()
    assert 0.02 * total <= new_form <= 0.1 * total
    ethnicities = Counter(Person.objects.values_list("ethnicity", flat=True))
    assert ethnicities["汉族"] > 0.9 * total
    assert Person.objects.filter(frontline=True).count() > 0.3 * total
    assert Person.objects.filter(migrant_worker=True).exists()
    assert Person.objects.filter(hardship_post=True).exists()
    assert Person.objects.filter(status="retired").exists()
    kinds = set(Employer.objects.values_list("kind", flat=True))
    assert {"state", "private", "institution", "organ", "social"} <= kinds
    assert Employer.objects.filter(is_new_economy=True).exists()
    assert Employer.objects.filter(is_new_social=True).exists()


def test_persons_carry_only_the_standard_names_of_the_code_lists():
    seed_demo(members=600, seed=7)
    for field, codes in CODE_LISTS.items():
        values = set(Person.objects.values_list(field, flat=True))
        assert values <= set(codes.names), (field, values - set(codes.names))
        assert len(values) >= 3, field


def test_once_is_idempotent_and_a_plain_rerun_refuses():
    out = StringIO()
    call_command("demo", members=200, seed=1, once=True, stdout=out)
    assert "演示数据已生成" in out.getvalue()
    assert "生产环境" in out.getvalue()
    counts = (Person.objects.count(), Employer.objects.count(), Organization.objects.count())
    out = StringIO()
    call_command("demo", members=200, seed=1, once=True, stdout=out)
    assert "演示数据已存在" in out.getvalue()
    assert counts == (
        Person.objects.count(),
        Employer.objects.count(),
        Organization.objects.count(),
    )
    assert AuditLog.objects.filter(model="core.demo").count() == 1
    with pytest.raises(CommandError, match="演示数据已存在"):
        call_command("demo", members=200, seed=1, stdout=StringIO())


def test_demo_users_exist_with_their_roles_and_organizations():
    call_command("demo", members=200, seed=1, once=True, stdout=StringIO())
    users = {u.username: u for u in User.objects.select_related("organization", "person")}
    expected = {
        "admin": (Role.CITY_ADMIN, "安康市总工会"),
        "hanbin": (Role.COUNTY_OFFICER, "汉滨区总工会"),
        "shiquan": (Role.COUNTY_OFFICER, "石泉县总工会"),
        "auditor": (Role.AUDITOR, "安康市总工会"),
    }
    for username, (role, org_name) in expected.items():
        assert users[username].role == role
        assert users[username].organization.name == org_name
        assert users[username].check_password(DEMO_PASSWORD)
    chair, worker = users["chair"], users["worker"]
    hanbin = Organization.objects.get(code="610902")
    assert chair.role == Role.GRASSROOTS_CHAIR
    assert chair.organization.kind == OrgKind.GRASSROOTS
    assert chair.organization.is_within(hanbin)
    assert worker.role == Role.MEMBER
    assert worker.person is not None and worker.person.org_id == chair.organization.pk
    assert worker.person.memberships.filter(union=chair.organization, status="active").exists()
    assert chair.check_password(DEMO_PASSWORD) and worker.check_password(DEMO_PASSWORD)


def test_once_recreates_a_deleted_demo_user_without_touching_data():
    call_command("demo", members=200, seed=1, once=True, stdout=StringIO())
    User.objects.filter(username="auditor").delete()
    persons = Person.objects.count()
    call_command("demo", members=200, seed=1, once=True, stdout=StringIO())
    assert User.objects.get(username="auditor").role == Role.AUDITOR
    assert Person.objects.count() == persons


def test_logins_prints_the_demo_accounts_and_the_address():
    call_command("demo", members=200, seed=1, once=True, stdout=StringIO())
    out = StringIO()
    call_command("logins", stdout=out)
    text = out.getvalue()
    for header in ("用户名", "密码", "角色", "组织"):
        assert header in text
    for username in ("admin", "hanbin", "shiquan", "chair", "auditor", "worker"):
        assert f"| {username} " in text
    assert "Gonghui#2026" in text
    assert "市总管理员" in text and "审计员" in text and "职工本人" in text
    assert "http://127.0.0.1:8000/" in text


def test_logins_marks_a_changed_password_and_missing_accounts():
    call_command("demo", members=200, seed=1, once=True, stdout=StringIO())
    admin = User.objects.get(username="admin")
    admin.set_password("another-Secret-9")
    admin.save()
    User.objects.filter(username="worker").delete()
    out = StringIO()
    call_command("logins", stdout=out)
    admin_line = next(line for line in out.getvalue().splitlines() if "| admin " in line)
    assert "已修改" in admin_line and DEMO_PASSWORD not in admin_line
    assert "未创建" in out.getvalue()
