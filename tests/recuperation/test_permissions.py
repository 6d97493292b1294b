"""Who may do what in 劳模疗休养: the permission table (recuperation/permissions.py), ownership
of plans, bases, agreements and inbound groups, county plans, the year's report by subtree."""

from __future__ import annotations

import datetime as dt
import json
import types

import openpyxl
import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from gonghui.core import jobs
from gonghui.core.context_processors import MENU
from gonghui.core.importing import get_importer, run_import
from gonghui.core.models import JobStatus, Organization, Role
from gonghui.core.permissions import SERVICES, Denied, can, get, table
from gonghui.recuperation import selectors, services
from gonghui.recuperation.models import (
    Base,
    ExchangeAgreement,
    InboundGroup,
    Invitation,
    InvitationStatus,
    Plan,
    RunStatus,
    SelectionRun,
    Trip,
)
from tests.recuperation.scope_samples import shiquan_records


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _published(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    return plan, run


def _county_plan(user, *, year: int = 2026, base=None) -> Plan:
    plan = services.plan_create(
        user=user, year=year, title=f"{year}年县区劳模疗休养方案", budget="50000", budget_line="x"
    )
    services.batch_add(
        user=user,
        plan=plan,
        code="B1",
        base=base or Base.objects.get(name="宁波工人疗养院"),
        start_date=dt.date(year, 12, 14),
        end_date=dt.date(year, 12, 18),
        min_size=1,
        max_size=5,
        cost_per_person="3000",
        travel_cost={"*": "500"},
    )
    return plan


# ---------------------------------------------------------------- the table itself


def test_every_post_route_of_the_app_declares_its_action():
    missing = []
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) != "recuperation":
            continue
        for pattern in entry.url_patterns:
            if not hasattr(pattern.callback, "route_action"):
                missing.append(pattern.name)
    assert missing == []


def test_every_write_action_is_checked_by_a_decorated_service():
    checked = {key for key, _on in SERVICES.values()}
    writes = [
        key
        for key, action in table().items()
        if key.startswith("recuperation.") and not key.endswith((".view", ".export"))
    ]
    assert writes and [k for k in writes if k not in checked] == []


def test_plans_are_drawn_up_only_by_officers():
    assert get("recuperation.plan.create").roles == {Role.CITY_ADMIN, Role.COUNTY_OFFICER}
    assert get("recuperation.plan.create").level == "county"


# ---------------------------------------------------------------- 1. plans by officers only


def test_a_grassroots_chair_cannot_draw_up_a_plan(rw):
    with pytest.raises(Denied, match="您的账号无权编制疗休养工作方案"):
        services.plan_create(
            user=rw.w.hanbin_chair, year=2027, title="2027年方案", budget="1000", budget_line="x"
        )
    c = _login(rw.w.hanbin_chair)
    assert c.get(reverse("recuperation:plan_create")).status_code == 403
    r = c.post(
        reverse("recuperation:plan_create"),
        {"year": 2027, "title": "2027年方案", "budget": "1000", "budget_line": "x", "seed": 1},
    )
    assert r.status_code == 403 and not Plan.objects.exists()


def test_a_chair_sees_no_button_to_create_a_plan_and_an_officer_does(rw):
    create = reverse("recuperation:plan_create")
    assert (
        create
        not in _login(rw.w.hanbin_chair).get(reverse("recuperation:plan_list")).content.decode()
    )
    assert (
        create
        in _login(rw.w.hanbin_officer).get(reverse("recuperation:plan_list")).content.decode()
    )


# ---------------------------------------------------------------- 2. bases have owners


def test_a_county_officer_cannot_change_the_citys_base(rw):
    url = reverse("recuperation:base_edit", args=[rw.base2.pk])
    c = _login(rw.w.hanbin_officer)
    assert c.get(url).status_code == 403
    r = c.post(url, {"name": "改名基地", "place": "x", "capacity": 40, "is_active": "on"})
    assert r.status_code == 403
    rw.base2.refresh_from_db()
    assert rw.base2.name == "上坝河劳模疗休养基地"
    assert c.post(reverse("recuperation:base_delete", args=[rw.base2.pk])).status_code == 403
    with pytest.raises(Denied, match="该记录不在您的管辖范围内"):
        services.base_update(
            user=rw.w.hanbin_officer, base=rw.base2, name="改名基地", place="x", capacity=40
        )
    rw.base2.refresh_from_db()
    assert rw.base2.name == "上坝河劳模疗休养基地" and rw.base2.is_active


def test_a_county_keeps_its_own_base_and_the_city_may_too(rw):
    base = services.base_create(
        user=rw.w.hanbin_officer, name="瀛湖基地", place="汉滨区瀛湖", capacity=30
    )
    assert base.org == rw.w.hanbin
    services.base_update(
        user=rw.w.hanbin_officer, base=base, name="瀛湖基地", place="汉滨区瀛湖镇", capacity=35
    )
    with pytest.raises(Denied):
        services.base_update(user=rw.w.shiquan_officer, base=base, name="x", place="x", capacity=35)
    services.base_update(
        user=rw.w.city_admin, base=base, name="瀛湖基地", place="汉滨区瀛湖镇", capacity=40
    )
    base.refresh_from_db()
    assert (base.place, base.capacity) == ("汉滨区瀛湖镇", 40)


def test_a_county_plan_may_use_a_city_base(rw):
    plan = _county_plan(rw.w.hanbin_officer, base=rw.base2)
    assert plan.batches.get().base == rw.base2


def test_base_edit_buttons_show_only_where_the_table_allows(rw):
    own = services.base_create(user=rw.w.hanbin_officer, name="瀛湖基地", place="汉滨", capacity=30)
    page = _login(rw.w.hanbin_officer).get(reverse("recuperation:base_list")).content.decode()
    assert reverse("recuperation:base_edit", args=[own.pk]) in page
    assert reverse("recuperation:base_edit", args=[rw.base2.pk]) not in page
    assert "上坝河劳模疗休养基地" in page  # the catalog is shared
    chair = _login(rw.w.hanbin_chair).get(reverse("recuperation:base_list")).content.decode()
    assert "/edit/" not in chair and "新增基地" not in chair
    admin = _login(rw.w.city_admin).get(reverse("recuperation:base_list")).content.decode()
    assert reverse("recuperation:base_edit", args=[rw.base2.pk]) in admin


def test_a_base_without_owner_is_the_citys(rw):
    assert rw.base2.org is None
    assert can(rw.w.city_admin, "recuperation.base.change", rw.base2)
    assert not can(rw.w.hanbin_officer, "recuperation.base.change", rw.base2)


def test_the_migration_gives_existing_bases_agreements_and_groups_to_the_city(rw):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "gonghui.recuperation.migrations.0003_owner_org_and_plan_per_org"
    )
    Base.objects.filter(pk=rw.base.pk).update(org=None)
    editor = types.SimpleNamespace(connection=types.SimpleNamespace(vendor="sqlite"))
    migration.claim_for_the_city(apps, editor)
    rw.base.refresh_from_db()
    assert rw.base.org == Organization.objects.get(parent__isnull=True) == rw.w.city


# ---------------------------------------------------------------- 3. planner files


def test_run_files_are_only_for_the_plans_organization_and_above(rw):
    _plan, run = _published(rw)
    for name in ("run_input", "run_output"):
        url = reverse(f"recuperation:{name}", args=[run.pk])
        for user in (rw.w.hanbin_officer, rw.w.hanbin_chair):
            r = _login(user).get(url)
            assert r.status_code in (403, 404), (name, user)
            assert rw.people[-1].name not in r.content.decode()
    body = _login(rw.w.city_admin).get(reverse("recuperation:run_input", args=[run.pk])).content
    assert len(json.loads(body)["candidates"]) == len(rw.people)
    # The run page itself stays open to the county, without the download links.
    page = _login(rw.w.hanbin_officer).get(reverse("recuperation:run_detail", args=[run.pk]))
    assert page.status_code == 200
    assert reverse("recuperation:run_input", args=[run.pk]) not in page.content.decode()


def test_a_county_downloads_its_own_plans_run_and_the_city_too(world):
    shiquan_records(world)
    run = SelectionRun.objects.get(plan__title="石泉县疗养标记方案")
    url = reverse("recuperation:run_input", args=[run.pk])
    assert _login(world.shiquan_officer).get(url).status_code == 200
    assert _login(world.city_admin).get(url).status_code == 200
    assert _login(world.hanbin_officer).get(url).status_code == 404


# ---------------------------------------------------------------- 4. the report


def test_the_report_counts_only_the_users_subtree(world):
    shiquan_records(world)  # 2025: one 汉滨 and one 石泉 model worker went with the city
    county = selectors.year_report(user=world.hanbin_officer, year=2025)
    assert county.outbound_people == 1 and [n for n, _ in county.by_county] == [world.hanbin.name]
    assert county.budget == 0 and county.batches == []  # the city's plan is not 汉滨's money
    city = selectors.year_report(user=world.city_admin, year=2025)
    assert city.outbound_people == 2 and city.budget > 0
    page = _login(world.hanbin_officer).get(reverse("recuperation:report") + "?year=2025")
    assert "1人 / 1批" in page.content.decode()


def test_a_chair_does_not_see_the_report(world):
    r = _login(world.hanbin_chair).get(reverse("recuperation:report"))
    assert r.status_code == 403
    with pytest.raises(Denied):
        selectors.year_report(user=world.hanbin_chair, year=2026)


@pytest.mark.parametrize("year", ["abc", "99999999999999999999", "-5", "２０２６x"])
def test_a_bad_year_answers_a_chinese_message_not_a_500(world, year):
    c = _login(world.city_admin)
    for name in ("report", "inbound_list"):
        r = c.get(reverse(f"recuperation:{name}"), {"year": year})
        assert r.status_code == 200, name
        text = r.content.decode()
        assert "无效，已显示" in text or "年度应在2000年至" in text, name


# ---------------------------------------------------------------- 5. county plans, ownership


def test_a_county_runs_its_own_plan_in_the_year_of_the_city_plan(rw):
    rw.plan()
    county = _county_plan(rw.w.hanbin_officer)
    assert county.org == rw.w.hanbin and county.version == 1
    with pytest.raises(Exception, match="2026年已有工作方案"):
        _county_plan(rw.w.hanbin_officer)


def test_a_county_plan_selects_only_model_workers_of_the_county(rw):
    rw.plan()
    county = _county_plan(rw.w.hanbin_officer)
    data = services.selection_build_input(plan=county)
    ids = {c["id"] for c in data["candidates"]}
    hanbin = {
        services.candidate_code(county.year, p.pk) for p in rw.people if p.org == rw.w.hanbin_union
    }
    assert ids == hanbin and len(ids) == 6


def test_a_county_officer_lists_own_and_ancestor_plans_but_not_another_countys(rw):
    city = rw.plan()
    hanbin = _county_plan(rw.w.hanbin_officer)
    shiquan = _county_plan(rw.w.shiquan_officer)
    assert set(selectors.plan_list(user=rw.w.hanbin_officer)) == {city, hanbin}
    assert set(selectors.plan_list(user=rw.w.city_admin)) == {city, hanbin, shiquan}
    c = _login(rw.w.hanbin_officer)
    assert c.get(reverse("recuperation:plan_detail", args=[shiquan.pk])).status_code == 404
    # The city's plan is shown, but it is not 汉滨's to change.
    page = c.get(reverse("recuperation:plan_detail", args=[city.pk])).content.decode()
    assert reverse("recuperation:plan_edit", args=[city.pk]) not in page
    assert c.get(reverse("recuperation:plan_edit", args=[city.pk])).status_code == 403


def test_the_availability_of_someone_outside_the_plans_county_is_refused(rw):
    county = _county_plan(rw.w.hanbin_officer)
    with pytest.raises(Exception, match="不在“2026年县区劳模疗休养方案”的遴选范围内"):
        services.availability_set(user=rw.w.city_admin, plan=county, person=rw.people[-1])


def test_a_county_officer_cannot_record_attendance_on_the_citys_batch(rw, today):
    plan, _run = _published(rw)
    batch = plan.batches.get()
    inv = Invitation.objects.filter(plan=plan, person__org=rw.w.hanbin_union).first()
    services.invitation_confirm(user=rw.w.city_admin, invitation=inv)
    today(dt.date(2026, 12, 15))
    r = _login(rw.w.hanbin_officer).post(
        reverse("recuperation:batch_action", args=[batch.pk, "attendance"]),
        {"person": inv.person_id, "attended": "1"},
    )
    assert r.status_code == 403 and not Trip.objects.exists()


def test_a_chair_cannot_lapse_the_plans_invitations(rw, today):
    plan, _run = _published(rw)
    today(dt.date(2026, 11, 27))
    url = reverse("recuperation:invitations_expire", args=[plan.pk])
    assert _login(rw.w.hanbin_chair).post(url).status_code == 403
    assert not Invitation.objects.filter(status=InvitationStatus.EXPIRED).exists()
    _login(rw.w.city_admin).post(url)
    assert Invitation.objects.filter(status=InvitationStatus.EXPIRED).count() == 3


def test_a_chair_still_answers_for_a_person_of_their_union(rw):
    plan, _run = _published(rw)
    inv = Invitation.objects.filter(plan=plan, person__org=rw.w.hanbin_union).first()
    services.invitation_confirm(user=rw.w.hanbin_chair, invitation=inv)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.CONFIRMED


def test_exchange_agreements_and_inbound_groups_follow_the_subtree(rw):
    city_ex = services.exchange_create(
        user=rw.w.city_admin, partner="宝鸡市总工会", city="宝鸡", signed_on=dt.date(2025, 3, 1)
    )
    own_ex = services.exchange_create(
        user=rw.w.hanbin_officer, partner="常州市总工会", city="常州", signed_on=dt.date(2025, 4, 1)
    )
    assert (city_ex.org, own_ex.org) == (rw.w.city, rw.w.hanbin)
    services.inbound_create(
        user=rw.w.city_admin,
        partner="宝鸡劳模团",
        size=30,
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 6, 5),
        agreement=city_ex,
    )
    group = services.inbound_create(
        user=rw.w.hanbin_officer,
        partner="常州劳模团",
        size=20,
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 7, 5),
        agreement=own_ex,
    )
    assert group.org == rw.w.hanbin
    assert list(selectors.exchange_list(user=rw.w.hanbin_officer)) == [own_ex]
    assert list(selectors.inbound_list(user=rw.w.hanbin_officer)) == [group]
    assert selectors.inbound_list(user=rw.w.city_admin).count() == 2
    page = _login(rw.w.hanbin_officer).get(reverse("recuperation:inbound_list") + "?year=2026")
    text = page.content.decode()
    assert "常州劳模团" in text and "宝鸡" not in text
    assert selectors.year_report(user=rw.w.hanbin_officer, year=2026).inbound_people == 20


def test_a_county_officer_neither_sees_nor_edits_the_city_agreement(rw):
    ex = services.exchange_create(
        user=rw.w.city_admin, partner="宝鸡市总工会", city="宝鸡", signed_on=dt.date(2025, 3, 1)
    )
    c = _login(rw.w.hanbin_officer)
    url = reverse("recuperation:exchange_edit", args=[ex.pk])
    assert c.get(url).status_code == 404
    r = c.post(url, {"partner": "改", "city": "宝鸡", "signed_on": "2025-03-01"})
    assert r.status_code == 404
    with pytest.raises(Denied):
        services.exchange_update(
            user=rw.w.hanbin_officer,
            agreement=ex,
            partner="改",
            city="宝鸡",
            signed_on=dt.date(2025, 3, 1),
        )
    assert ExchangeAgreement.objects.get(pk=ex.pk).partner == "宝鸡市总工会"


def test_a_group_cannot_be_recorded_under_another_organizations_agreement(rw):
    ex = services.exchange_create(
        user=rw.w.shiquan_officer,
        partner="铜川市总工会",
        city="铜川",
        signed_on=dt.date(2025, 3, 1),
    )
    with pytest.raises(Denied, match="该记录不在您的管辖范围内"):
        services.inbound_create(
            user=rw.w.hanbin_officer,
            partner="铜川劳模团",
            size=10,
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2026, 6, 3),
            agreement=ex,
        )
    assert not InboundGroup.objects.exists()


def test_a_chair_cannot_record_an_inbound_group(rw):
    r = _login(rw.w.hanbin_chair).post(
        reverse("recuperation:inbound_list"),
        {"partner": "x", "size": 3, "start_date": "2026-06-01", "end_date": "2026-06-02"},
    )
    assert r.status_code == 403 and not InboundGroup.objects.exists()


# ---------------------------------------------------------------- the selection job


def test_the_selection_job_checks_the_user_who_started_it(rw, settings):
    plan = rw.plan()
    rw.batch(plan)
    plan = rw.approve(plan)
    settings.JOBS_BACKEND = "thread"  # enqueue only; run it below after the demotion
    run = services.selection_start(user=rw.w.city_admin, plan=plan)
    rw.w.city_admin.role = Role.AUDITOR
    rw.w.city_admin.save()
    jobs.run_job(run.job_id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "无权进行名额遴选" in run.message
    assert run.output == {} and run.job.status == JobStatus.FAILED


# ---------------------------------------------------------------- 6. the provincial import


def test_the_provincial_import_does_not_say_where_a_foreign_id_is_registered(rw, tmp_path):
    foreign = rw.w.shiquan_person
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "年度", "疗养院"])
    ws.append([foreign.name, foreign.id_number, 2026, "陕西省工人疗养院"])
    path = tmp_path / "省总名单.xlsx"
    wb.save(path)
    report = run_import(
        get_importer("provincial_trips"),
        path,
        filename="省总名单.xlsx",
        user=rw.w.hanbin_officer,
        commit=True,
    )
    [err] = report.errors
    assert err.message == "该身份证号码已在其他组织登记，不在您的管辖范围内"
    text = json.dumps(report.as_result(), ensure_ascii=False)
    for name in (rw.w.shiquan_union.name, rw.w.shiquan.name, "石泉"):
        assert name not in text
    assert not Trip.objects.exists()


# ---------------------------------------------------------------- 7. menus


def _menu(user) -> set[str]:
    body = _login(user).get("/").content.decode()
    return {
        label
        for section, items in MENU
        if section == "劳模疗休养"
        for label, name, _pred in items
        if f'href="{reverse(name)}"' in body
    }


def test_the_recuperation_menu_comes_from_the_table(world):
    assert _menu(world.city_admin) == {"工作方案", "疗休养基地", "互派与接待", "年度统计"}
    assert _menu(world.hanbin_chair) == {"工作方案", "疗休养基地"}
    assert _menu(world.auditor) == {"工作方案", "疗休养基地", "互派与接待", "年度统计"}
    assert _menu(world.hanbin_member) == {"我的疗休养"}
    assert all(
        "." in pred for section, items in MENU if section == "劳模疗休养" for *_, pred in items
    )


def test_a_chair_sees_the_city_plan_without_buttons_to_change_it(rw):
    plan = rw.plan()
    rw.batch(plan)
    page = _login(rw.w.hanbin_chair).get(reverse("recuperation:plan_detail", args=[plan.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and plan.title in text
    for name in ("plan_edit", "batch_create", "plan_approve"):
        assert reverse(f"recuperation:{name}", args=[plan.pk]) not in text
    assert "/edit/" not in text and "batch-delete" not in text


def test_the_candidates_of_a_county_plan_come_from_its_subtree(rw):
    county = _county_plan(rw.w.hanbin_officer)
    rows = selectors.plan_candidates(user=rw.w.city_admin, plan=county)
    assert {mw.person.org_id for mw in rows} == {rw.w.hanbin_union.pk}
