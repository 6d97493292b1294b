"""Persons and their memberships, in bulk, for the planned employers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from gonghui.core.demo.generator import DemoGenerator, weighted_picker
from gonghui.core.demo.reference import (
    BUSINESSES,
    EDUCATION_LEVELS,
    POLITICAL_STATUSES,
    REFERENCE_DAY,
    Business,
)
from gonghui.core.demo.tree import NEW_FORM_FEDERATION
from gonghui.core.demo.users import FLAGSHIP_WORKER
from gonghui.core.models import (
    Employer,
    Membership,
    MembershipStatus,
    NewEmploymentForm,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
)


@dataclass
class EmployerPlan:
    """An employer about to be inserted, with the business its persons are drawn from."""

    employer: Employer
    business: Business
    county: Organization
    region: str
    union: Organization | None = None
    headcount: int = 0


def seed_persons(
    gen: DemoGenerator,
    plans: list[EmployerPlan],
    members: int,
    federations: dict[str, Organization],
    say: Callable[[str], None],
) -> tuple[int, int]:
    """`members` persons spread over the employers by headcount, inserted in batches of 5,000
    with their memberships; returns (persons, memberships)."""
    rng = gen.rng
    ordinary = [p for p in plans if not p.business.new_form or p.business.key == "logistics"]
    new_form_plans = [p for p in plans if p.business.new_form]
    pick_ordinary = weighted_picker(rng, [(p, max(1, p.employer.employee_count)) for p in ordinary])
    pick_new_form = weighted_picker(
        rng, [(p, max(1, p.employer.employee_count)) for p in new_form_plans]
    )
    born_from = dt.date(1960, 1, 1).toordinal()
    born_to = dt.date(2004, 12, 31).toordinal()
    political = weighted_picker(rng, POLITICAL_STATUSES)
    education_pickers = {b.key: weighted_picker(rng, enumerate(b.education)) for b in BUSINESSES}

    batch: list[Person] = []
    batch_plans: list[tuple[EmployerPlan, dt.date]] = []
    persons_done = 0
    memberships_done = 0

    def flush() -> None:
        nonlocal memberships_done
        if not batch:
            return
        created = Person.objects.bulk_create(batch, batch_size=1000)
        if any(p.pk is None for p in created):
            by_hash = dict(
                Person.objects.filter(id_hash__in=[p.id_hash for p in created]).values_list(
                    "id_hash", "pk"
                )
            )
            for p in created:
                p.pk = by_hash[p.id_hash]
        rows = []
        for person, (_plan, joined) in zip(created, batch_plans, strict=True):
            if joined is None:
                continue
            status = MembershipStatus.ACTIVE
            left_on = None
            if person.status == PersonStatus.DECEASED:
                status, left_on = (
                    MembershipStatus.LEFT,
                    REFERENCE_DAY - dt.timedelta(days=rng.randrange(30, 700)),
                )
                left_on = max(left_on, joined)
            rows.append(
                Membership(
                    person_id=person.pk,
                    union_id=person.org_id,
                    joined_on=joined,
                    left_on=left_on,
                    status=status,
                )
            )
        Membership.objects.bulk_create(rows, batch_size=1000)
        memberships_done += len(rows)
        batch.clear()
        batch_plans.clear()

    for index in range(members):
        flagship = index == 0
        new_form_person = not flagship and rng.random() < 0.045
        plan = pick_new_form() if new_form_person else pick_ordinary()
        if flagship:
            plan = plans[0]
        business = plan.business
        male = True if flagship else rng.random() < (0.85 if business.new_form else 0.52)
        birth = dt.date.fromordinal(rng.randrange(born_from, born_to + 1))
        if flagship:
            birth = dt.date(1986, 5, 12)
        name = FLAGSHIP_WORKER if flagship else gen.name(male)
        age = (REFERENCE_DAY - birth).days // 365
        status = PersonStatus.ACTIVE
        if age >= (60 if male else 55) and rng.random() < 0.7:
            status = PersonStatus.RETIRED
        elif age >= 45 and rng.random() < 0.005:
            status = PersonStatus.DECEASED
        if flagship:
            status = PersonStatus.ACTIVE
        new_form = ""
        if business.new_form and (new_form_person or rng.random() < 0.3):
            new_form = business.new_form
        post = rng.choice(business.posts)
        if new_form:
            post = NewEmploymentForm(new_form).label
        elif post in NewEmploymentForm.labels:
            post = business.posts[-1]
        education = EDUCATION_LEVELS[education_pickers[business.key]()]
        if age < 22 and education in EDUCATION_LEVELS[3:]:
            education = EDUCATION_LEVELS[2]
        young = age <= 28
        pol = political()
        if pol == "共青团员" and not young:
            pol = "群众"
        frontline = bool(new_form) or rng.random() < business.frontline
        person = Person(
            name=name,
            birth_date=birth,
            sex="M" if male else "F",
            ethnicity=gen.ethnicity(),
            political_status=pol,
            education=education,
            employer=plan.employer,
            work_unit=plan.employer.name,
            post=post,
            frontline=frontline,
            hardship_post=frontline and rng.random() < business.hardship,
            key_sector=rng.random() < business.key_sector,
            new_employment_form=new_form,
            migrant_worker=rng.random() < business.migrant and education in EDUCATION_LEVELS[:2],
            status=status,
        )
        person.name_pinyin, person.name_initials = gen.pinyin(name)
        person.set_id_number(gen.id_number(plan.region, birth, male))
        person.set_phone(gen.mobile())
        # Membership: in the employer's own union, else (new-form workers) an industry federation.
        union: Organization | None = None
        if plan.union is not None and (flagship or rng.random() < 0.9):
            union = plan.union
        elif new_form and rng.random() < 0.6:
            union = federations[NEW_FORM_FEDERATION[NewEmploymentForm(new_form)]]
        elif plan.employer.org.kind == OrgKind.REGIONAL and rng.random() < 0.5:
            union = plan.employer.org
        joined = None
        if union is not None:
            earliest = max(
                birth.replace(year=birth.year + 18, day=min(birth.day, 28)), dt.date(1995, 1, 1)
            )
            latest = dt.date(2025, 6, 30)
            if earliest > latest:
                earliest = latest
            joined = dt.date.fromordinal(
                rng.randrange(earliest.toordinal(), latest.toordinal() + 1)
            )
            if flagship:
                joined = dt.date(2015, 3, 1)
        person.org = union or plan.employer.org
        batch.append(person)
        batch_plans.append((plan, joined))  # type: ignore[arg-type]
        persons_done += 1
        if len(batch) >= 5000:
            flush()
            say(f"人员 {persons_done}/{members}")
    flush()
    _fix_headcounts()
    return persons_done, memberships_done


def _fix_headcounts() -> None:
    """An employer never reports fewer staff than the persons recorded in it."""
    from django.db.models import Count

    stale = []
    for employer in Employer.objects.annotate(n=Count("persons")).only("pk", "employee_count"):
        n = employer.n  # type: ignore[attr-defined]
        if n > employer.employee_count:
            employer.employee_count = n
            stale.append(employer)
    Employer.objects.bulk_update(stale, ["employee_count"], batch_size=1000)
