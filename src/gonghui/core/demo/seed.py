"""`seed_demo`: the whole demo dataset in one transaction, and its content digest."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import transaction

from gonghui.core import audit
from gonghui.core.demo.generator import DemoGenerator, weighted_picker
from gonghui.core.demo.people import EmployerPlan, seed_persons
from gonghui.core.demo.reference import BUSINESS_BY_KEY, BUSINESSES, Business
from gonghui.core.demo.tree import COUNTY_PROFILE, bulk_orgs, county_region, seed_demo_tree
from gonghui.core.demo.users import FLAGSHIP_EMPLOYER, ensure_demo_users
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    EmployerKind,
    Membership,
    Organization,
    OrgKind,
    Person,
)
from gonghui.core.services import PERSON_ATTRS, EmployerData

DEMO_MARKER_MODEL = "core.demo"


@dataclass
class DemoResult:
    created: bool
    organizations: int = 0
    employers: int = 0
    persons: int = 0
    memberships: int = 0
    users_created: list[str] = field(default_factory=list)
    message: str = ""


def demo_exists() -> bool:
    """True when a demo seeding run has been recorded."""
    return AuditLog.objects.filter(model=DEMO_MARKER_MODEL).exists()


def seed_demo(*, members: int, seed: int, log: Callable[[str], None] | None = None) -> DemoResult:
    """Create the demo dataset (raises if one already exists) and the demo users."""
    say = log or (lambda _msg: None)
    if members < 1:
        raise ValueError("members must be positive")
    gen = DemoGenerator(seed)
    rng = gen.rng
    result = DemoResult(created=True)
    with transaction.atomic():
        if demo_exists():
            raise RuntimeError("demo data already exists")
        tree = seed_demo_tree()
        counties, regional = tree.counties, tree.regional
        result.organizations = tree.added

        # Employers: about one per 25 persons, spread over counties by workforce share.
        n_employers = max(24, members // 25)
        pick_county = weighted_picker(
            rng, [(c, int(p[1] * 100)) for c, p in COUNTY_PROFILE.items()]
        )
        pick_business = weighted_picker(rng, [(b, b.weight) for b in BUSINESSES])
        plans: list[EmployerPlan] = []

        def plan_employer(county_name: str, business: Business, name: str = "") -> None:
            county = counties[county_name]
            prefix = COUNTY_PROFILE[county_name][0]
            name = name or gen.employer_name(prefix, business)
            if not name:
                return
            kind = weighted_picker(rng, business.kinds)()
            lo, hi = business.size
            # Log-uniform: most employers are small, a few are large.
            count = round(lo * (hi / lo) ** rng.random())
            town_orgs = regional[county_name]
            # Small private firms in a town are registered with its regional federation.
            attached = county
            if kind == EmployerKind.PRIVATE and count < 50 and rng.random() < 0.4:
                attached = rng.choice(town_orgs)
            is_public = kind in (EmployerKind.STATE, EmployerKind.ORGAN, EmployerKind.INSTITUTION)
            has_union = is_public or rng.random() < (0.85 if count >= 25 else 0.25)
            has_party = is_public or rng.random() < (0.6 if count >= 50 else 0.15)
            region = county_region(county)
            employer = Employer(
                credit_code=gen.credit_code(kind, region),
                name=name,
                kind=kind,
                is_new_economy=business.new_economy,
                is_new_social=business.new_social,
                employee_count=count,
                industry=business.industry,
                has_union=has_union,
                has_party_org=has_party,
                org=attached,
            )
            plans.append(EmployerPlan(employer, business, county, region))

        plan_employer("汉滨区总工会", BUSINESS_BY_KEY["trade"], FLAGSHIP_EMPLOYER)
        gen.employer_names.add(FLAGSHIP_EMPLOYER)
        flagship_plan = plans[0]
        flagship_plan.employer.has_union = True
        flagship_plan.employer.employee_count = max(flagship_plan.employer.employee_count, 60)
        flagship_plan.employer.org = counties["汉滨区总工会"]
        # One employer of each new-employment-form kind is certain to exist.
        for key in ("express", "delivery", "ridehail", "logistics"):
            plan_employer("汉滨区总工会", BUSINESS_BY_KEY[key])
        while len(plans) < n_employers:
            plan_employer(pick_county(), pick_business())

        employers = Employer.objects.bulk_create([p.employer for p in plans], batch_size=1000)
        if any(e.pk is None for e in employers):
            by_code = dict(
                Employer.objects.filter(
                    credit_code__in=[e.credit_code for e in employers]
                ).values_list("credit_code", "pk")
            )
            for e in employers:
                e.pk = by_code[e.credit_code]
        result.employers = len(employers)
        say(f"用人单位 {len(employers)} 家")

        # Grassroots unions for the employers that have one.
        union_orgs: list[Organization] = []
        union_plans: list[EmployerPlan] = []
        for plan in plans:
            if plan.employer.has_union:
                parent = plan.employer.org
                union_orgs.append(
                    Organization(
                        name=f"{plan.employer.name}工会委员会",
                        kind=OrgKind.GRASSROOTS,
                        parent=parent,
                        employer=plan.employer,
                    )
                )
                union_plans.append(plan)
        for plan, union in zip(union_plans, bulk_orgs(union_orgs), strict=True):
            plan.union = union
        result.organizations += len(union_orgs)
        say(f"基层工会 {len(union_orgs)} 个")

        result.persons, result.memberships = seed_persons(
            gen, plans, members, tree.federations, say
        )
        audit.record(
            action=AuditAction.IMPORT,
            model=DEMO_MARKER_MODEL,
            object_repr="演示数据",
            org=tree.city,
            after={
                "seed": seed,
                "members": members,
                "organizations": result.organizations,
                "employers": result.employers,
                "persons": result.persons,
                "memberships": result.memberships,
            },
            note=f"生成演示数据（种子 {seed}，{result.persons} 人）；批量写入，未逐条记审计日志",
        )
        result.users_created = ensure_demo_users()
    return result


def demo_digest() -> str:
    """A SHA-256 over the demo data's content (no primary keys, no ciphertexts)."""
    tables: list[Any] = [
        Organization.objects.order_by("path").values_list(
            "name", "kind", "code", "parent__name", "employer__credit_code"
        ),
        Employer.objects.order_by("credit_code").values_list(
            "credit_code",
            *(f.name for f in fields(EmployerData) if f.name not in ("credit_code", "org")),
            "org__name",
        ),
        Person.objects.order_by("id_hash").values_list(
            "id_hash",
            "name",
            "name_pinyin",
            "name_initials",
            "id_masked",
            "phone_hash",
            "birth_date",
            "sex",
            "employer__credit_code",
            "org__name",
            *PERSON_ATTRS,
        ),
        Membership.objects.order_by("person__id_hash", "joined_on").values_list(
            "person__id_hash", "union__name", "joined_on", "left_on", "status"
        ),
    ]
    h = hashlib.sha256()
    for rows in tables:
        for row in rows:
            h.update(repr(row).encode())
    return h.hexdigest()
