"""A year of 企业工作 in 汉滨 and 石泉 for the figures and the 工作台, built with the ORM (the
figures read records; how the services write them is tested with the services). Each record
sits on one side of a year boundary on purpose: the last day of YEAR counts, the first day of
the next year does not (and the last day of the year before does not either).

The expected figures are written out in EXPECTED (汉滨, 石泉; the city = 汉滨 + 石泉 but the
distinct ones)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import time_machine

from gonghui.core.models import Employer, Membership, Organization, OrgKind, User
from gonghui.core.services import organization_create
from gonghui.honors.models import ModelWorker
from gonghui.workplace.models import (
    Budget,
    Consultation,
    DemoSite,
    Founding,
    Hazard,
    Inspection,
    JoinEvent,
    JoinEventMember,
    Letter,
    LetterStatus,
    Mediation,
    MergeReview,
    Need,
    NeedStatus,
    Recovery,
    SiteStatus,
    Squad,
    SquadMember,
)
from tests import factories
from tests.conftest import World

YEAR = 2025
LAST = dt.date(YEAR, 12, 31)
NEXT = dt.date(YEAR + 1, 1, 1)
BEFORE = dt.date(YEAR - 1, 12, 31)
_seq = itertools.count(1)


def day(month: int, d: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, d)


@dataclass
class Scene:
    world: World
    employers: dict[str, Employer] = field(default_factory=dict)
    hb_federation: Organization | None = None

    # ------------------------------------------------------------ builders

    def employer(self, key: str, org: Organization, count: int, **kw: Any) -> Employer:
        found = factories.employer(org, f"{key}有限公司", employee_count=count, **kw)
        self.employers[key] = found
        return found

    def founding(self, employer: Employer, org: Organization, on: dt.date) -> Founding:
        union = factories.grassroots(org, f"{employer.name}工会")
        return Founding.objects.create(
            employer=employer,
            union=union,
            org=org,
            meeting_on=on,
            chair_name="王主席",
            attendees=30,
            members=25,
        )

    def join_event(self, org: Organization, on: dt.date, forms: list[str]) -> JoinEvent:
        union = self.world.hanbin_union if org == self.world.hanbin else self.world.shiquan_union
        event = JoinEvent.objects.create(
            org=org, title=f"集中入会{next(_seq)}", held_on=on, union=union
        )
        for form in forms:
            person = factories.person(union, f"骑手{next(_seq)}", region=org.code)
            membership = Membership.objects.filter(person=person).first()
            assert membership is not None
            JoinEventMember.objects.create(
                event=event, person=person, membership=membership, new_employment_form=form
            )
        return event

    def site(self, employer: Employer, org: Organization, status: str, amount: str) -> DemoSite:
        budget, _ = Budget.objects.get_or_create(
            org=org, year=YEAR, line="党工共建示范点补助", defaults={"amount": Decimal("100000")}
        )
        return DemoSite.objects.create(
            employer=employer,
            year=YEAR,
            org=org,
            subsidy=Decimal(amount),
            budget=budget,
            status=status,
        )

    def need(
        self,
        employer: Employer,
        org: Organization,
        *,
        filed: dt.date,
        status: str = NeedStatus.FILED,
        done: dt.date | None = None,
        outcome: str = "",
        trained: int = 0,
        rating: int | None = None,
    ) -> Need:
        moment = dt.datetime(filed.year, filed.month, filed.day, 9, 0, tzinfo=dt.UTC)
        with time_machine.travel(moment, tick=False):
            return Need.objects.create(
                number=f"DD{next(_seq):06d}",
                employer=employer,
                org=org,
                kind="technical",
                field="machinery",
                title="设备故障",
                description="生产线故障",
                status=status,
                done_on=done,
                outcome=outcome,
                trained=trained,
                rating=rating,
            )

    def letter(
        self,
        employer: Employer,
        org: Organization,
        kind: str,
        issued: dt.date,
        *,
        deadline: dt.date | None = None,
        status: str = LetterStatus.ISSUED,
        rectified: dt.date | None = None,
    ) -> Letter:
        return Letter.objects.create(
            number=f"安工监〔{issued.year}〕{next(_seq)}号",
            kind=kind,
            org=org,
            employer=employer,
            violation="wage_arrears",
            facts="拖欠工资",
            demand="限期支付",
            issued_on=issued,
            deadline=deadline or issued,
            status=status,
            rectified_on=rectified,
        )

    def recovery(self, letter: Letter, on: dt.date, recovered: str) -> Recovery:
        return Recovery.objects.create(
            letter=letter,
            worker_name=f"职工{next(_seq)}",
            claimed=Decimal(recovered) + 100,
            recovered=Decimal(recovered),
            recovered_on=on,
        )

    def mediation(
        self, org: Organization, received: dt.date, stage: str, agreed: str = "0"
    ) -> Mediation:
        return Mediation.objects.create(
            number=f"调{next(_seq):06d}",
            org=org,
            applicant="申请人",
            respondent="被申请人",
            dispute="wage_arrears",
            stage=stage,
            received_on=received,
            amount_agreed=Decimal(agreed),
            summary="案情",
        )

    def inspection(
        self, employer: Employer, org: Organization, on: dt.date, hazards: list[Any]
    ) -> Inspection:
        """`hazards`: for each, None (open) or the date it was fixed."""
        found = Inspection.objects.create(
            org=org, employer=employer, inspected_on=on, inspectors="检查组"
        )
        for fixed_on in hazards:
            Hazard.objects.create(
                inspection=found,
                description=f"隐患{next(_seq)}",
                deadline=on + dt.timedelta(days=10),
                fixed=fixed_on is not None,
                fixed_on=fixed_on,
            )
        return found

    def consultation(self, org: Organization, on: dt.date) -> Consultation:
        return Consultation.objects.create(
            org=org,
            consulted_on=on,
            channel="phone",
            topic="wage_arrears",
            question="工资被拖欠怎么办",
            answer="可申请调解",
        )

    def squad(
        self, org: Organization, name: str, workers: list[ModelWorker], active: bool = True
    ) -> Squad:
        squad = Squad.objects.create(org=org, name=name, is_active=active)
        for w in workers:
            SquadMember.objects.create(squad=squad, model_worker=w)
        return squad

    def model_worker(self, org: Organization) -> ModelWorker:
        union = self.world.hanbin_union if org == self.world.hanbin else self.world.shiquan_union
        person = factories.person(union, f"劳模{next(_seq)}", region=org.code)
        return ModelWorker.objects.create(person=person)

    def review(self, employer: Employer, org: Organization, status: str = "pending") -> MergeReview:
        return MergeReview.objects.create(
            source="tax",
            credit_code=factories.credit_code(),
            name=employer.name,
            candidate=employer,
            org=org,
            status=status,
        )


def build(world: World) -> Scene:
    """The year in 汉滨 and 石泉 (see EXPECTED)."""
    s = Scene(world)
    hb, sq, city = world.hanbin, world.shiquan, world.city
    s.hb_federation = organization_create(
        name="汉滨区快递行业工会联合会", kind=OrgKind.INDUSTRY, parent=hb
    )
    # 企业台账: one employer per status in 汉滨, two in 石泉.
    s.employer("汉滨甲", world.hanbin_union, 80, has_union=True)
    s.employer("汉滨乙", world.hanbin_union, 30)  # 单独建会 at 25 (先行一步 at 35)
    s.employer("汉滨丙", world.hanbin_union, 10, has_party_org=True)  # 上门服务
    s.employer("汉滨丁", s.hb_federation, 8)  # 联合会兜底
    s.employer("汉滨戊", world.hanbin_union, 5)  # 先行一步
    s.employer("石泉甲", world.shiquan_union, 40)  # 单独建会
    s.employer("石泉乙", world.shiquan_union, 60, has_union=True)
    e = s.employers
    # 建会: 12-31 counts, 01-01 of the next year does not.
    s.founding(e["汉滨甲"], hb, LAST)
    s.founding(e["汉滨乙"], hb, NEXT)
    s.founding(e["石泉乙"], sq, day(6, 1))
    # 集中入会: 3 joiners (2 new-form) in YEAR; an event on the eve of YEAR does not count.
    s.join_event(hb, LAST, ["rider", "courier", ""])
    s.join_event(hb, BEFORE, ["rider"])
    s.join_event(sq, day(5, 1), ["truck"])
    # 示范点 of YEAR: designated, approved, paid and a revoked one in 汉滨; a paid one in 石泉.
    s.site(e["汉滨甲"], hb, SiteStatus.DESIGNATED, "5000")
    s.site(e["汉滨乙"], hb, SiteStatus.APPROVED, "5000")
    s.site(e["汉滨丙"], hb, SiteStatus.PAID, "5000")
    s.site(e["汉滨丁"], hb, SiteStatus.REVOKED, "5000")
    s.site(e["石泉甲"], sq, SiteStatus.PAID, "4000.50")
    # 企业点单
    s.need(e["汉滨乙"], hb, filed=day(3, 1))
    s.need(
        e["汉滨乙"], hb, filed=day(4, 1), status="confirmed", done=LAST, outcome="solved", rating=5
    )
    s.need(
        e["汉滨丙"],
        hb,
        filed=BEFORE,
        status="confirmed",
        done=day(1, 1),
        outcome="training",
        trained=40,
        rating=4,
    )
    s.need(e["汉滨戊"], hb, filed=day(12, 1), status="done", done=NEXT, outcome="suggestion")
    s.need(e["汉滨戊"], hb, filed=day(5, 1), status=NeedStatus.ASSIGNED)
    s.need(
        e["石泉甲"],
        sq,
        filed=day(2, 1),
        status="confirmed",
        done=day(8, 1),
        outcome="suggestion",
        rating=3,
    )
    # 分队: 汉滨's with two model workers, the city's 总队 with one of them and one more; 石泉's
    # is not in service.
    w1, w2, w3 = (s.model_worker(hb) for _ in range(3))
    s.squad(hb, "汉滨机械分队", [w1, w2])
    s.squad(city, "总队直属分队", [w1, w3])
    s.squad(sq, "石泉分队", [s.model_worker(sq)], active=False)
    # 一函两书
    s.letter(e["汉滨乙"], hb, "notice", LAST)
    s.letter(e["汉滨乙"], hb, "notice", NEXT)
    s.letter(
        e["汉滨丙"],
        hb,
        "opinion",
        day(5, 1),
        status=LetterStatus.RECTIFIED,
        rectified=day(1, 2, YEAR + 1),
    )
    s.letter(
        e["汉滨戊"], hb, "suggestion", BEFORE, status=LetterStatus.RECTIFIED, rectified=day(1, 5)
    )
    arrears = s.letter(e["汉滨乙"], hb, "notice", day(3, 1))
    s.recovery(arrears, LAST, "30000.50")
    s.recovery(arrears, NEXT, "1000")
    s.recovery(arrears, day(6, 1), "0")
    sq_letter = s.letter(e["石泉甲"], sq, "notice", day(4, 1))
    s.recovery(sq_letter, day(9, 1), "135000")
    # 调解
    s.mediation(hb, day(3, 1), "agreed", "8000")
    s.mediation(hb, LAST, "arbitration")
    s.mediation(hb, BEFORE, "intake")
    s.mediation(sq, day(7, 1), "agreed", "2000")
    # 安全检查: hazards found in YEAR's inspections; fixed counted by the date they were fixed.
    s.inspection(e["汉滨乙"], hb, LAST, [None, LAST, day(1, 2, YEAR + 1)])
    s.inspection(e["汉滨丙"], hb, NEXT, [None])
    s.inspection(e["汉滨丙"], hb, BEFORE, [day(3, 1)])
    s.inspection(e["石泉甲"], sq, day(6, 1), [None, None])
    # 法律咨询
    s.consultation(hb, day(1, 1))
    s.consultation(hb, LAST)
    s.consultation(hb, NEXT)
    s.consultation(sq, day(4, 1))
    return s


# The figures of YEAR (threshold 25): 汉滨, 石泉 and the city.
HANBIN: dict[str, int | Decimal | None] = {
    "employers": 5,
    "status_founded": 1,
    "status_own_union": 1,
    "status_visit": 1,
    "status_federation": 1,
    "status_first_step": 1,
    "needs_action": 4,
    "founded": 1,
    "join_events": 1,
    "joined": 3,
    "joined_new_form": 2,
    "sites": 3,
    "site_approved": Decimal("10000.00"),
    "site_paid": Decimal("5000.00"),
    "needs_filed": 4,
    "needs_solved": 1,
    "suggestions": 0,
    "trainings": 1,
    "trained": 40,
    "served": 2,
    "rating": Decimal("4.5"),
    "squads": 1,
    "squad_members": 2,
    "letters_notice": 2,
    "letters_opinion": 1,
    "letters_suggestion": 0,
    "letters_rectified": 1,
    "recovered": Decimal("30000.50"),
    "recovered_workers": 1,
    "mediations": 2,
    "mediation_intake": 0,
    "mediation_mediating": 0,
    "mediation_agreed": 1,
    "mediation_arbitration": 1,
    "mediation_litigation": 0,
    "mediation_withdrawn": 0,
    "mediation_amount": Decimal("8000.00"),
    "inspections": 1,
    "hazards_found": 3,
    "hazards_fixed": 2,
    "consultations": 2,
}
SHIQUAN: dict[str, int | Decimal | None] = {
    "employers": 2,
    "status_founded": 1,
    "status_own_union": 1,
    "needs_action": 1,
    "founded": 1,
    "join_events": 1,
    "joined": 1,
    "joined_new_form": 1,
    "sites": 1,
    "site_approved": Decimal("4000.50"),
    "site_paid": Decimal("4000.50"),
    "needs_filed": 1,
    "suggestions": 1,
    "served": 1,
    "rating": Decimal("3.0"),
    "squads": 0,
    "squad_members": 0,
    "letters_notice": 1,
    "recovered": Decimal("135000.00"),
    "recovered_workers": 1,
    "mediations": 1,
    "mediation_agreed": 1,
    "mediation_amount": Decimal("2000.00"),
    "inspections": 1,
    "hazards_found": 2,
    "consultations": 1,
}
# The city's own records (本级及直属): the 总队's squad.
CITY_OWN = {"squads": 1, "squad_members": 2}
# Distinct across columns: w1 serves in 汉滨's squad and in the 总队's.
CITY_DISTINCT = {"squads": 2, "squad_members": 3, "rating": Decimal("4.0")}


def zero_filled(values: dict[str, Any], keys: Any) -> dict[str, Any]:
    """`values` with every other figure of `keys` at zero (money 0.00, rating None)."""
    from gonghui.workplace.selectors_figures import FIGURES

    out: dict[str, Any] = {}
    for key in keys:
        figure = FIGURES[key]
        empty: Any = Decimal("0.00") if figure.money else None if figure.kind == "rating" else 0
        out[key] = values.get(key, empty)
    return out


def city_totals(keys: Any) -> dict[str, Any]:
    hb, sq = zero_filled(HANBIN, keys), zero_filled(SHIQUAN, keys)
    own = zero_filled(CITY_OWN, keys)
    out = {}
    for key in keys:
        if key in CITY_DISTINCT:
            out[key] = CITY_DISTINCT[key]
        else:
            out[key] = hb[key] + sq[key] + own[key]
    return out


def officer2(world: World) -> User:
    """A second 汉滨 officer (approves what hanbin_officer designated)."""
    return factories.user("county_officer", world.hanbin, f"hanbin_officer_{next(_seq)}")
