"""The honor-type catalog page: the 市总管理员 maintains it, everybody else reads it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.honors.models import Honor, HonorType, ModelWorker
from gonghui.honors.services import (
    honor_create,
    honor_type_create,
    honor_type_delete,
    honor_type_update,
    subsidy_list_compute,
)
from tests.honors.conftest import give, honor_type
from tests.kit import signed_in

pytestmark = pytest.mark.django_db

LIST = reverse("honors:honor_type_list")
NEW = reverse("honors:honor_type_create")


def _edit(ht: HonorType) -> str:
    return reverse("honors:honor_type_edit", args=[ht.pk])


def _form(**kw) -> dict:
    data = {
        "name": "安康市优秀技术工人",
        "collective": "0",
        "category": "other",
        "level": "3",
        "sort": "100",
        "is_active": "on",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def test_city_admin_adds_a_type_that_is_then_offered_when_recording_honors(world):
    c = signed_in(world.city_admin)
    r = c.post(NEW, _form(), follow=True)
    assert "已新增荣誉类型“安康市优秀技术工人”" in r.content.decode()
    ht = HonorType.objects.get(name="安康市优秀技术工人")
    assert (ht.level, ht.collective, ht.category, ht.is_active) == (3, False, "other", True)
    form_page = c.get(reverse("honors:honor_create")).content.decode()
    assert "安康市优秀技术工人" in form_page
    entry = AuditLog.objects.get(model="honors.honortype", object_id=str(ht.pk))
    assert entry.action == AuditAction.CREATE and entry.user == world.city_admin


def test_a_collective_type_is_filed_under_collective_honors(world):
    ht = honor_type_create(
        user=world.city_admin, name="安康市模范职工之家", collective=True, level=3, category=""
    )
    assert ht.collective and ht.category == "collective"


def test_a_duplicate_name_is_refused_in_chinese_and_nothing_is_written(world):
    before = HonorType.objects.count()
    r = signed_in(world.city_admin).post(NEW, _form(name=" 全国劳动模范 "))
    assert r.status_code == 200
    assert "荣誉类型“全国劳动模范”已存在，不能重复添加" in r.content.decode()
    assert HonorType.objects.count() == before


def test_renaming_onto_another_types_name_is_refused(world):
    ht = honor_type_create(
        user=world.city_admin, name="试点荣誉", collective=False, level=4, category="other"
    )
    with pytest.raises(DomainError, match="“金州工匠”已存在"):
        honor_type_update(
            user=world.city_admin,
            honor_type=ht,
            name="金州工匠",
            collective=False,
            level=4,
            category="other",
        )
    assert HonorType.objects.get(pk=ht.pk).name == "试点荣誉"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "请填写荣誉名称"),
        ({"level": ""}, "请选择荣誉级别"),
        ({"category": ""}, "请选择个人荣誉的类别"),
        ({"sort": "-3"}, "排序应为0至9999之间的整数"),
    ],
)
def test_incomplete_entries_get_a_chinese_message(world, changes, message):
    before = HonorType.objects.count()
    r = signed_in(world.city_admin).post(NEW, _form(**changes))
    assert message in r.content.decode()
    assert HonorType.objects.count() == before


def test_a_type_in_use_cannot_be_deleted(world):
    give(world.city_admin, world.hanbin_person, "金州工匠", 2022)
    ht = honor_type("金州工匠")
    c = signed_in(world.city_admin)
    page = c.get(_edit(ht)).content.decode()
    assert "已有 <strong>1</strong> 条荣誉记录使用该类型" in page
    assert "删除该类型" not in page  # no button offered
    r = c.post(reverse("honors:honor_type_delete", args=[ht.pk]), follow=True)
    assert "“金州工匠”已有1条荣誉记录使用，不能删除；可将其停用" in r.content.decode()
    assert HonorType.objects.filter(pk=ht.pk).exists()


def test_a_deactivated_type_is_not_offered_for_new_honors_but_old_honors_keep_it(world):
    give(world.city_admin, world.hanbin_person, "金州工匠", 2022)
    ht = honor_type("金州工匠")
    c = signed_in(world.city_admin)
    r = c.post(
        _edit(ht),
        _form(name="金州工匠", category="craftsman", level="3", is_active=None),
        follow=True,
    )
    assert "荣誉类型“金州工匠”已保存" in r.content.decode()
    ht.refresh_from_db()
    assert not ht.is_active
    # Not offered any more …
    assert "金州工匠" not in c.get(reverse("honors:honor_create")).content.decode()
    with pytest.raises(DomainError, match="“金州工匠”已停用，不能登记新的荣誉"):
        honor_create(user=world.city_admin, person=world.shiquan_person, honor_type=ht, year=2023)
    # … while the existing honor and the person's level stay as they were.
    old = Honor.objects.get(person=world.hanbin_person)
    assert old.honor_type == ht and old.status == "valid"
    assert ModelWorker.objects.get(person=world.hanbin_person).level == 3
    assert "金州工匠" in c.get(reverse("honors:honor_list")).content.decode()


def test_an_unused_type_is_deleted_after_confirmation_and_the_deletion_is_audited(world):
    ht = honor_type_create(
        user=world.city_admin, name="临时荣誉", collective=False, level=5, category="other"
    )
    page = signed_in(world.city_admin).get(_edit(ht)).content.decode()
    assert 'data-confirm="确定删除荣誉类型“临时荣誉”吗？' in page
    r = signed_in(world.city_admin).post(
        reverse("honors:honor_type_delete", args=[ht.pk]), follow=True
    )
    assert "已删除荣誉类型“临时荣誉”" in r.content.decode()
    assert not HonorType.objects.filter(pk=ht.pk).exists()
    entry = AuditLog.objects.get(model="honors.honortype", action=AuditAction.DELETE)
    assert entry.user == world.city_admin and entry.before["name"] == "临时荣誉"


def test_raising_a_types_level_regrades_its_holders_and_their_unpaid_subsidy(world):
    ht = honor_type_create(
        user=world.city_admin,
        name="安康市特级劳模",
        collective=False,
        level=3,
        category="model_worker",
    )
    honor_create(user=world.city_admin, person=world.hanbin_person, honor_type=ht, year=2021)
    sl = subsidy_list_compute(
        user=world.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert sl.payments.get().amount == Decimal("3200.00")
    honor_type_update(
        user=world.city_admin,
        honor_type=ht,
        name=ht.name,
        collective=False,
        level=2,
        category="model_worker",
    )
    assert ModelWorker.objects.get(person=world.hanbin_person).level == 2
    line = sl.payments.get()
    assert (line.level, line.amount) == (2, Decimal("6000.00"))


def test_a_type_in_use_cannot_switch_between_individual_and_collective(world):
    give(world.city_admin, world.hanbin_person, "金州工匠", 2022)
    ht = honor_type("金州工匠")
    with pytest.raises(DomainError, match="不能修改个人/集体属性"):
        honor_type_update(
            user=world.city_admin, honor_type=ht, name=ht.name, collective=True, level=3
        )
    assert not HonorType.objects.get(pk=ht.pk).collective


@pytest.mark.parametrize("role", ["hanbin_officer", "auditor"])
def test_other_roles_read_the_catalog_but_cannot_change_it(world, role):
    user = getattr(world, role)
    c = signed_in(user)
    listing = c.get(LIST).content.decode()
    assert "全国劳动模范" in listing and "新增荣誉类型" not in listing
    ht = honor_type("全国劳动模范")
    page = c.get(_edit(ht)).content.decode()
    assert "荣誉类型目录由市总管理员维护" in page and 'id="type-form"' not in page
    assert "删除该类型" not in page
    assert c.get(NEW).status_code == 403
    assert c.post(_edit(ht), _form(name="改名")).status_code == 403
    assert c.post(reverse("honors:honor_type_delete", args=[ht.pk])).status_code == 403
    assert HonorType.objects.get(pk=ht.pk).name == "全国劳动模范"
    with pytest.raises(Denied, match="您的账号无权删除荣誉类型"):
        honor_type_delete(user=user, honor_type=ht)


@pytest.mark.parametrize("role", ["hanbin_chair", "hanbin_member"])
def test_roles_that_record_no_honors_do_not_open_the_catalog(world, role):
    c = signed_in(getattr(world, role))
    assert c.get(LIST).status_code == 403
    assert c.get(_edit(honor_type("全国劳动模范"))).status_code == 403


def test_the_catalog_is_searched_by_name_and_filtered_by_level_and_kind(world):
    c = signed_in(world.hanbin_officer)
    body = c.get(LIST, {"q": "工匠"}).content.decode()
    assert "金州工匠" in body and "三秦工匠" in body and "全国劳动模范" not in body
    body = c.get(LIST, {"level": "1"}).content.decode()
    assert "全国劳动模范" in body and "金州工匠" not in body
    body = c.get(LIST, {"collective": "1"}).content.decode()
    assert "工人先锋号" in body and "全国劳动模范" not in body


def test_the_catalog_is_in_the_menu_under_labour_model_services(world):
    home = signed_in(world.city_admin).get("/").content.decode()
    assert f'href="{LIST}"' in home


def test_a_county_officer_cannot_reach_another_catalog_entry_by_guessing(world):
    r = signed_in(world.hanbin_officer).get(reverse("honors:honor_type_edit", args=[987654]))
    assert r.status_code == 404


def test_the_roster_import_refuses_a_deactivated_type_by_name(world, tmp_path):
    import openpyxl

    from gonghui.core.importing import get_importer, run_import
    from gonghui.honors.services import honor_type_resolve

    ht = honor_type("技术能手")
    honor_type_update(
        user=world.city_admin,
        honor_type=ht,
        name=ht.name,
        collective=False,
        level=ht.level,
        category=ht.category,
        is_active=False,
    )
    with pytest.raises(DomainError, match="荣誉类型“技术能手”已停用"):
        honor_type_resolve("技术能手")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号码", "荣誉名称", "授予年度", "授予机关", "文号", "所属工会"])
    wb.active.append(["张伟", world.hanbin_person.id_number, "技术能手", 2020, "", "", ""])
    wb.save(tmp_path / "roster.xlsx")
    report = run_import(
        get_importer("model_workers"),
        tmp_path / "roster.xlsx",
        filename="roster.xlsx",
        user=world.hanbin_officer,
        commit=True,
    )
    assert not report.committed
    assert "荣誉类型“技术能手”已停用，不能登记新的荣誉" in " ".join(
        e.message for e in report.errors
    )
    assert not Honor.objects.filter(honor_type=ht).exists()
