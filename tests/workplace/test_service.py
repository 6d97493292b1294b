"""劳模工匠助企行 through its services: an enterprise's need from 点单 to 确认 (a NeedStep for
every step), squads built from the 劳模 registry, and every refusal in Chinese with nothing
written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, OrgKind, Role
from gonghui.core.permissions import Denied
from gonghui.core.services import organization_create
from gonghui.honors.models import Honor, HonorType, ModelWorker
from gonghui.honors.services import honor_create, honor_revoke, honor_types_ensure
from gonghui.workplace import services_service as services
from gonghui.workplace.models import Need, NeedStatus, NeedStep, NeedStepKind, SquadMember
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_service import (
    NOW,
    YEAR,
    advance,
    enterprise,
    file_need,
    frozen,
    link_employer,
    model_worker,
    squad,
    staffed_squad,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["enterprise", "frozen"]
TODAY = NOW.date()


def refused(call, *words: str) -> str:
    """`call` raises a DomainError naming each of `words`, and writes nothing."""
    state = Unchanged()
    with pytest.raises(DomainError) as caught:
        call()
    message = caught.value.message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert not state.changes(), state.changes()
    return message


def steps(need: Need) -> list[str]:
    return list(NeedStep.objects.filter(need=need).order_by("pk").values_list("kind", flat=True))


# ---------------------------------------------------------------- filing


def test_a_chair_files_for_their_own_enterprise_and_the_need_is_their_unions(world, enterprise):
    need = file_need(world, enterprise, user=world.hanbin_chair)
    assert need.number == f"助企{YEAR}-0001"
    assert (need.employer, need.org, need.status) == (
        enterprise,
        world.hanbin_union,
        NeedStatus.FILED,
    )
    assert need.created_by == world.hanbin_chair
    (step,) = NeedStep.objects.filter(need=need)
    assert (step.kind, step.by, step.on_date) == (NeedStepKind.FILED, world.hanbin_chair, TODAY)
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, model="workplace.need", object_id=str(need.pk)
    ).exists()


def test_an_officer_files_for_an_employer_of_the_county_under_its_union_if_it_has_one(
    world, enterprise
):
    with_union = file_need(world, enterprise)
    plain = file_need(world, factories.employer(world.hanbin, "汉滨无工会企业"))
    assert with_union.org == world.hanbin_union  # its chair sees it
    assert plain.org == world.hanbin


def test_numbers_are_gap_free_within_a_year_and_start_again_the_next(world, enterprise):
    first = file_need(world, enterprise)
    refused(lambda: file_need(world, enterprise, title=""), "请填写需求标题")
    second = file_need(world, enterprise)
    assert [first.number, second.number] == [f"助企{YEAR}-0001", f"助企{YEAR}-0002"]
    with time_machine.travel(dt.datetime(YEAR + 1, 1, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        assert file_need(world, enterprise).number == f"助企{YEAR + 1}-0001"


def test_a_chair_filing_for_another_employer_is_refused(world, enterprise):
    other = factories.employer(world.hanbin_union, "汉滨另一家企业")
    refused(
        lambda: file_need(world, other, user=world.hanbin_chair),
        "基层工会主席只能为本单位（安康汉江机械制造有限公司）点单",
        "汉滨另一家企业",
    )


def test_a_chair_whose_union_has_no_enterprise_cannot_file(world):
    employer = factories.employer(world.hanbin_union)
    refused(lambda: file_need(world, employer, user=world.hanbin_chair), "未关联用人单位")


def test_an_officer_cannot_file_for_an_employer_of_another_county(world):
    shiquan = factories.employer(world.shiquan, "石泉某企业")
    refused(lambda: file_need(world, shiquan), "石泉某企业不在您的管辖范围内")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "magic"}, "未知的需求类型“magic”"),
        ({"field": ""}, "请选择所属领域"),
        ({"urgency": "now"}, "未知的紧急程度"),
        ({"title": "长" * 101}, "需求标题过长"),
        ({"description": "   "}, "请填写需求描述"),
    ],
)
def test_a_need_with_bad_content_is_refused(world, enterprise, change, words):
    data = {
        "user": world.hanbin_officer,
        "employer": enterprise,
        "kind": "technical",
        "field": "it",
        "urgency": "normal",
        "title": "ERP上线",
        "description": "需要帮助",
    }
    data.update(change)
    refused(lambda: services.need_file(**data), words)


def test_roles_the_table_refuses_cannot_file_or_assign(world, enterprise):
    need = file_need(world, enterprise)
    target = staffed_squad(world)
    with pytest.raises(Denied):
        file_need(world, enterprise, user=world.auditor)
    for user in (world.hanbin_officer, world.hanbin_chair):
        with pytest.raises(Denied):
            services.need_assign(user=user, need=need, squad=target)


# ---------------------------------------------------------------- the way through


def test_a_need_goes_from_filed_to_confirmed_with_a_step_for_each(world, enterprise):
    need = file_need(world, enterprise, user=world.hanbin_chair)
    target = staffed_squad(world)
    need = services.need_assign(user=world.city_admin, need=need, squad=target, note="对口")
    assert (need.status, need.squad, need.assigned_by) == (
        NeedStatus.ASSIGNED,
        target,
        world.city_admin,
    )
    need = services.need_accept(user=world.hanbin_officer, need=need)
    assert need.status == NeedStatus.ACCEPTED
    for note in ("现场诊断", "调试主轴"):
        services.need_visit(user=world.hanbin_officer, need=need, visited_on=TODAY, note=note)
    need = services.need_outcome(
        user=world.hanbin_officer,
        need=need,
        outcome="training",
        trained="30",
        note="数控维修培训",
        done_on=TODAY,
    )
    assert (need.status, need.outcome, need.trained, need.done_on) == (
        NeedStatus.DONE,
        "training",
        30,
        TODAY,
    )
    need = services.need_confirm(user=world.hanbin_chair, need=need, rating="4", comment="满意")
    assert (need.status, need.rating, need.comment, need.confirmed_by) == (
        NeedStatus.CONFIRMED,
        4,
        "满意",
        world.hanbin_chair,
    )
    assert steps(need) == [
        "filed",
        "assigned",
        "accepted",
        "visited",
        "visited",
        "done",
        "confirmed",
    ]
    done = NeedStep.objects.get(need=need, kind=NeedStepKind.DONE)
    assert done.note == "开展培训，培训30人：数控维修培训"
    assert NeedStep.objects.get(need=need, kind=NeedStepKind.CONFIRMED).note == "评价4星：满意"


def test_a_decline_sends_the_need_back_to_be_assigned_and_keeps_the_reason(world, enterprise):
    first, second = staffed_squad(world), staffed_squad(world)
    need = advance(world, file_need(world, enterprise), "assigned", squad_=first)
    need = services.need_decline(user=world.hanbin_officer, need=need, reason="分队成员外出培训")
    assert (need.status, need.squad, need.assigned_at) == (NeedStatus.FILED, None, None)
    step = NeedStep.objects.get(need=need, kind=NeedStepKind.DECLINED)
    assert (step.squad, step.note) == (first, "分队成员外出培训")
    need = services.need_assign(user=world.city_admin, need=need, squad=second)
    assert need.squad == second
    assert steps(need) == ["filed", "assigned", "declined", "assigned"]


def test_a_decline_without_a_reason_is_refused(world, enterprise):
    need = advance(world, file_need(world, enterprise), "assigned")
    refused(
        lambda: services.need_decline(user=world.hanbin_officer, need=need, reason="  "),
        "请填写退单原因",
    )


def test_the_enterprise_or_an_officer_withdraws_a_need_not_yet_served(world, enterprise):
    need = advance(world, file_need(world, enterprise), "accepted")
    need = services.need_withdraw(user=world.hanbin_chair, need=need, reason="问题已自行解决")
    assert need.status == NeedStatus.WITHDRAWN
    assert NeedStep.objects.get(need=need, kind=NeedStepKind.WITHDRAWN).note == "问题已自行解决"
    other = file_need(world, enterprise)
    refused(
        lambda: services.need_withdraw(user=world.hanbin_officer, need=other, reason=""), "撤回原因"
    )


@pytest.mark.parametrize(
    ("state", "call", "words"),
    [
        ("filed", "accept", "当前为“待派单”，不能接单"),
        ("filed", "visit", "当前为“待派单”，不能登记上门服务"),
        ("assigned", "assign", "当前为“已派单”，不能派单（只有“待派单”的点单可以派单）"),
        ("assigned", "outcome", "当前为“已派单”，不能登记服务成效"),
        ("accepted", "decline", "当前为“已接单”，不能退单"),
        ("accepted", "confirm", "当前为“已接单”，不能确认"),
        ("done", "withdraw", "当前为“已服务”，不能撤回"),
        ("confirmed", "confirm", "当前为“企业已确认”，不能确认"),
    ],
)
def test_a_step_in_the_wrong_state_is_refused_naming_the_state(
    world, enterprise, state, call, words
):
    need = file_need(world, enterprise)
    if state != "filed":
        need = advance(world, need, state)
    officer = world.hanbin_officer
    target = staffed_squad(world)
    calls = {
        "accept": lambda: services.need_accept(user=officer, need=need),
        "visit": lambda: services.need_visit(user=officer, need=need, visited_on=TODAY, note="看"),
        "assign": lambda: services.need_assign(user=world.city_admin, need=need, squad=target),
        "outcome": lambda: services.need_outcome(
            user=officer, need=need, outcome="solved", note="好", done_on=TODAY
        ),
        "decline": lambda: services.need_decline(user=officer, need=need, reason="忙"),
        "confirm": lambda: services.need_confirm(user=officer, need=need, rating=5),
        "withdraw": lambda: services.need_withdraw(user=officer, need=need, reason="不要了"),
    }
    refused(calls[call], f"点单{need.number}", words)


def test_assigning_to_a_squad_outside_the_assigners_scope_is_refused(world, enterprise):
    honor_types_ensure()
    other_city = organization_create(name="汉中市总工会", kind=OrgKind.CITY, parent=None)
    admin = factories.user(Role.CITY_ADMIN, other_city, "hanzhong_admin")
    honor_create(
        user=admin,
        person=(person := factories.person(other_city, "汉中劳模", region="610702")),
        honor_type=HonorType.objects.get(name="陕西省劳动模范"),
        year=2019,
    )
    mw = ModelWorker.objects.get(person=person)
    foreign = squad(world, other_city, name="汉中分队", members=[(mw, ["machinery"])], user=admin)
    need = file_need(world, enterprise)
    refused(
        lambda: services.need_assign(user=world.city_admin, need=need, squad=foreign),
        "分队“汉中分队”不在您的管辖范围内，不能派单",
    )
    assert Need.objects.get(pk=need.pk).status == NeedStatus.FILED


def test_an_inactive_or_empty_squad_takes_no_need(world, enterprise):
    need = file_need(world, enterprise)
    empty = squad(world, name="空分队")
    resting = staffed_squad(world)
    services.squad_edit(
        user=world.city_admin,
        squad=resting,
        name=resting.name,
        fields=resting.fields,
        is_active=False,
    )
    refused(
        lambda: services.need_assign(user=world.city_admin, need=need, squad=empty), "还没有成员"
    )
    refused(
        lambda: services.need_assign(user=world.city_admin, need=need, squad=resting),
        "已停止服务",
    )


@pytest.mark.parametrize(
    ("outcome", "trained", "words"),
    [
        ("training", "", "开展培训须填写培训人数（至少1人）"),
        ("training", "0", "开展培训须填写培训人数（至少1人）"),
        ("training", "三十", "培训人数“三十”不是整数"),
        ("training", "-5", "培训人数不能小于0"),
        ("solved", "12", "培训人数只在服务成效为“开展培训”时填写"),
        ("magic", "", "未知的服务成效"),
    ],
)
def test_an_outcome_needs_a_number_trained_exactly_for_training(
    world, enterprise, outcome, trained, words
):
    need = advance(world, file_need(world, enterprise), "accepted")
    refused(
        lambda: services.need_outcome(
            user=world.hanbin_officer,
            need=need,
            outcome=outcome,
            trained=trained,
            note="培训",
            done_on=TODAY,
        ),
        words,
    )


def test_service_dates_are_not_in_the_future_nor_before_the_need(world, enterprise):
    need = advance(world, file_need(world, enterprise), "accepted")
    officer = world.hanbin_officer
    tomorrow, before = TODAY + dt.timedelta(days=1), TODAY - dt.timedelta(days=3)
    refused(
        lambda: services.need_visit(user=officer, need=need, visited_on=tomorrow, note="看"),
        "晚于今天",
    )
    refused(
        lambda: services.need_outcome(
            user=officer, need=need, outcome="solved", note="好", done_on=before
        ),
        "早于点单日期",
    )


@pytest.mark.parametrize("rating", [0, 6, "五", "", "-1", "4.5"])
def test_a_rating_outside_one_to_five_is_refused(world, enterprise, rating):
    need = advance(world, file_need(world, enterprise), "done")
    message = refused(
        lambda: services.need_confirm(user=world.hanbin_chair, need=need, rating=rating), "1至5星"
    )
    assert message.startswith(("企业评价须为1至5星", "请选择企业评价"))


def test_a_chair_confirms_only_their_own_enterprises_needs(world, enterprise):
    elsewhere = factories.employer(world.hanbin, "汉滨别家企业")
    need = advance(world, file_need(world, elsewhere), "done")
    with pytest.raises(Denied):  # the need belongs to the county, outside the chair's union
        services.need_confirm(user=world.hanbin_chair, need=need, rating=5)
    # Another enterprise's union under the chair's union: in the chair's subtree, not theirs.
    below = factories.grassroots(world.hanbin_union, "汉滨一中下属工会")
    theirs = advance(world, file_need(world, link_employer(below, "下属工会所在企业")), "done")
    refused(
        lambda: services.need_confirm(user=world.hanbin_chair, need=theirs, rating=5),
        "基层工会主席只能确认本单位（安康汉江机械制造有限公司）的点单",
    )


# ---------------------------------------------------------------- squads


def test_a_squad_is_built_from_model_workers_of_the_registry_with_their_skills(world):
    mw = model_worker(world, world.hanbin_union, "王师傅", "陕西省劳动模范")
    made = services.squad_create(
        user=world.hanbin_officer, org=world.hanbin, name="汉滨机电分队", fields=["electric", "it"]
    )
    member = services.squad_member_add(
        user=world.hanbin_officer,
        squad=made,
        model_worker=mw,
        skills=["it", "electric", "it"],
        specialty="PLC编程",
    )
    assert (member.skills, member.specialty) == (["electric", "it"], "PLC编程")
    made = services.squad_edit(
        user=world.hanbin_officer,
        squad=made,
        name="汉滨机电技术服务分队",
        fields=["electric"],
        is_active=True,
        leader=mw,
    )
    assert (made.name, made.fields, made.leader) == ("汉滨机电技术服务分队", ["electric"], mw)
    services.squad_member_remove(user=world.hanbin_officer, member=member)
    made.refresh_from_db()
    assert made.leader is None and not SquadMember.objects.exists()
    assert AuditLog.objects.filter(action=AuditAction.DELETE, model="workplace.squadmember")


def test_squad_members_come_from_the_registry_in_scope_with_a_valid_honor(world):
    made = squad(world, world.hanbin, name="汉滨分队")
    officer = world.hanbin_officer
    far = model_worker(world, world.shiquan_union, "石泉劳模")
    refused(
        lambda: services.squad_member_add(
            user=officer, squad=made, model_worker=far, skills=["it"]
        ),
        "石泉劳模不在您管辖范围内的劳模名册中",
    )
    lapsed = model_worker(world, world.hanbin_union, "撤销劳模")
    honor_revoke(
        user=world.city_admin,
        honor=Honor.objects.get(person=lapsed.person),
        on=TODAY,
        reason="撤销",
    )
    lapsed.refresh_from_db()
    refused(
        lambda: services.squad_member_add(
            user=officer, squad=made, model_worker=lapsed, skills=["it"]
        ),
        "撤销劳模没有有效的劳模荣誉",
    )
    ok = model_worker(world, world.hanbin_union, "李工")
    for skills, words in (([], "请至少选择一项专长领域"), (["cooking"], "未知的专长领域“cooking”")):
        refused(
            lambda s=skills: services.squad_member_add(
                user=officer, squad=made, model_worker=ok, skills=s
            ),
            words,
        )
    services.squad_member_add(user=officer, squad=made, model_worker=ok, skills=["it"])
    refused(
        lambda: services.squad_member_add(user=officer, squad=made, model_worker=ok, skills=["it"]),
        "李工已是“汉滨分队”的成员",
    )


def test_squad_rules_name_once_per_org_and_only_city_or_county(world):
    squad(world, world.hanbin, name="汉滨分队")
    officer = world.hanbin_officer
    refused(
        lambda: services.squad_create(
            user=officer, org=world.hanbin, name="汉滨分队", fields=["it"]
        ),
        "汉滨区总工会已有名为“汉滨分队”的分队",
    )
    refused(
        lambda: services.squad_create(
            user=officer, org=world.hanbin_union, name="一中分队", fields=["it"]
        ),
        "技术服务分队隶属市总工会或县（市、区）总工会",
    )
    refused(
        lambda: services.squad_create(user=officer, org=world.hanbin, name="新分队", fields=[]),
        "请至少选择一项服务领域",
    )
    with pytest.raises(Denied):
        services.squad_create(user=officer, org=world.shiquan, name="石泉分队", fields=["it"])


def test_the_leader_is_one_of_the_members(world):
    made = staffed_squad(world, world.hanbin)
    stranger = model_worker(world, world.hanbin_union, "赵师傅")
    refused(
        lambda: services.squad_edit(
            user=world.hanbin_officer,
            squad=made,
            name=made.name,
            fields=made.fields,
            is_active=True,
            leader=stranger,
        ),
        "赵师傅不是",
        "请先加入分队再设为分队长",
    )
