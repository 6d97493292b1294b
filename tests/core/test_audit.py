"""Every create, update and delete of a domain record is audited: who, when, before, after."""

import datetime as dt
import re

from django.utils import timezone

from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, AuditLog, Employer, Person
from gonghui.core.selectors import audit_list
from gonghui.core.services import EmployerData, employer_upsert
from tests import factories


def entries(**filters):
    return list(AuditLog.objects.filter(**filters).order_by("pk"))


def test_create_update_delete_each_leave_an_entry_with_who_and_when(world):
    before = timezone.now()
    with acting_as(world.hanbin_officer):
        employer = factories.employer(world.hanbin, "汉滨区审计测试公司")
        employer_upsert(
            data=EmployerData(
                credit_code=employer.credit_code,
                name="汉滨区审计测试公司",
                kind="private",
                org=world.hanbin,
                employee_count=30,
            )
        )
        pk = employer.pk
        Employer.objects.get(pk=pk).delete()
    log = entries(model="core.employer", object_id=str(pk))
    assert [e.action for e in log] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(e.user == world.hanbin_officer and e.at >= before for e in log)
    assert all(e.org == world.hanbin for e in log)
    create, update, delete = log
    assert create.before is None and create.after["name"] == "汉滨区审计测试公司"
    assert (update.before["employee_count"], update.after["employee_count"]) == (0, 30)
    assert delete.before["employee_count"] == 30 and delete.after is None


def test_saving_without_a_change_writes_no_entry(world):
    count = AuditLog.objects.count()
    person = Person.objects.get(pk=world.hanbin_person.pk)
    person.save()
    assert AuditLog.objects.count() == count


def test_person_entries_hold_only_masked_personal_information(world):
    entry = entries(model="core.person", object_id=str(world.hanbin_person.pk))[0]
    assert entry.after["id_masked"] == world.hanbin_person.id_masked
    assert entry.after["phone_masked"] == "138****5678"
    assert not [key for key in entry.after if key.endswith(("_enc", "_hash"))]
    assert entry.person == world.hanbin_person


def test_deleted_person_keeps_its_masked_snapshot(world):
    person = factories.person(world.hanbin, "临时人员", member=False)
    pk, masked = person.pk, person.id_masked
    with acting_as(world.city_admin):
        person.delete()
    entry = AuditLog.objects.get(model="core.person", object_id=str(pk), action=AuditAction.DELETE)
    assert entry.before["id_masked"] == masked
    assert entry.person is None  # the row is gone; the snapshot stays
    assert entry.org == world.hanbin


def test_auditor_and_city_admin_see_the_log_county_officer_does_not(world):
    assert audit_list(user=world.auditor).exists()
    assert audit_list(user=world.city_admin).count() == audit_list(user=world.auditor).count()
    assert not audit_list(user=world.hanbin_officer).exists()
    assert not audit_list(user=world.hanbin_member).exists()


def test_audit_filters_by_person_org_user_and_date(world):
    with acting_as(world.hanbin_officer):
        factories.employer(world.hanbin, "汉滨区过滤测试公司")
    auditor = world.auditor
    by_person = audit_list(user=auditor, person="李娜")
    assert by_person.exists() and {e.person for e in by_person} == {world.shiquan_person}
    by_org = audit_list(user=auditor, org=str(world.shiquan.pk))
    assert by_org.exists() and all(e.org_path.startswith(world.shiquan.path) for e in by_org)
    by_user = audit_list(user=auditor, actor="hanbin_officer")
    assert [e.object_repr for e in by_user] == ["汉滨区过滤测试公司"]
    today = timezone.localdate()
    assert (
        audit_list(user=auditor, date_from=today, date_to=today).count()
        == audit_list(user=auditor).count()
    )
    assert not audit_list(user=auditor, date_to=today - dt.timedelta(days=1)).exists()
    assert {e.action for e in audit_list(user=auditor, action="create")} == {"create"}


def test_a_reversed_date_range_is_shown_as_an_error_and_not_applied(world, client):
    client.force_login(world.auditor)
    page = client.get("/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    text = page.content.decode()
    assert page.status_code == 200 and "起始日期不能晚于截止日期" in text
    everything = client.get("/audit/").content.decode()
    total = re.search(r"共\s*(\d+)\s*条", everything)
    assert total and f"共 {total[1]} 条" in re.sub(r"共\s*(\d+)\s*条", r"共 \1 条", text)
