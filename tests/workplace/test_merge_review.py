"""The review queue (待核对企业): a department's record whose name is an employer's while its code
is not. 合并到该单位 makes it a sighting of that employer without touching its code (and says so);
确认为不同单位 creates the employer; 驳回 keeps it out. Each decision once: a second one — twice,
or from a page opened before the first — is refused with a Chinese message and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog, Employer
from gonghui.core.permissions import Denied
from gonghui.workplace.models import EmployerSighting, MergeReview, ReviewStatus, Source
from gonghui.workplace.services_employers import review_merge, review_reject, review_separate
from tests.kit import Unchanged, flashed, page_text, signed_in
from tests.workplace.fixtures_employers import code, employer, import_rows, queued, row


def test_merging_makes_the_record_a_sighting_and_keeps_the_employers_code(world, tmp_path):
    review = queued(tmp_path, world, "安康市汉江食品有限公司")
    candidate = review.candidate
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:review_merge", args=[review.pk]), {"note": "同一企业，税务登记代码有误"}
    )
    assert response.status_code == 302
    message = " ".join(flashed(response))
    assert "统一社会信用代码未更改" in message and candidate.credit_code in message
    assert review.credit_code in message and "未写入台账" in message
    review.refresh_from_db()
    candidate.refresh_from_db()
    assert (review.status, review.decided_by, review.note) == (
        ReviewStatus.MERGED,
        world.hanbin_officer,
        "同一企业，税务登记代码有误",
    )
    assert review.decided_at is not None
    assert candidate.credit_code != review.credit_code  # unchanged
    sighting = EmployerSighting.objects.get(employer=candidate, source=Source.TAX)
    assert sighting.name_in_source == review.name and sighting.employee_count == 42
    assert candidate.employee_count == 42
    assert candidate.headcounts.get().count == 42
    assert not Employer.objects.filter(credit_code=review.credit_code).exists()
    entry = AuditLog.objects.filter(model="workplace.mergereview", action="update").last()
    assert entry.user == world.hanbin_officer and entry.after["status"] == "merged"


def test_separating_creates_the_employer_with_the_sources_code(world, tmp_path):
    review = queued(tmp_path, world, "安康市华泰建材有限公司")
    made = review_separate(user=world.hanbin_officer, review=review, note="两家同名企业")
    assert made.credit_code == review.credit_code and made.name == "安康市华泰建材有限公司"
    assert made.org == world.hanbin and made.employee_count == 42
    assert made.sightings.get().source == Source.TAX
    assert made.headcounts.get().count == 42
    review.refresh_from_db()
    assert review.status == ReviewStatus.SEPARATE and review.decided_by == world.hanbin_officer
    assert AuditLog.objects.filter(
        model="core.employer", action="create", object_id=str(made.pk), user=world.hanbin_officer
    ).exists()


def test_rejecting_needs_a_reason_and_keeps_the_record_out(world, tmp_path):
    review = queued(tmp_path, world, "安康市天成茶业有限公司")
    client = signed_in(world.hanbin_officer)
    state = Unchanged()
    response = client.post(reverse("workplace:review_reject", args=[review.pk]), {"note": " "})
    assert "请填写驳回原因" in flashed(response)
    assert not state.changes()
    client.post(reverse("workplace:review_reject", args=[review.pk]), {"note": "名称录入错误"})
    review.refresh_from_db()
    assert (review.status, review.note) == (ReviewStatus.REJECTED, "名称录入错误")
    assert Employer.objects.filter(name="安康市天成茶业有限公司").count() == 1


@pytest.mark.parametrize(
    "decide",
    [
        lambda u, r: review_merge(user=u, review=r, note=""),
        lambda u, r: review_separate(user=u, review=r, note=""),
        lambda u, r: review_reject(user=u, review=r, note="重复"),
    ],
    ids=["merge", "separate", "reject"],
)
def test_a_decided_review_cannot_be_decided_again(world, tmp_path, decide):
    review = queued(tmp_path, world, "安康市鑫达物流有限公司")
    review_merge(user=world.city_admin, review=review, note="")
    state = Unchanged()
    with pytest.raises(DomainError) as refused:
        decide(world.hanbin_officer, review)
    assert "由city_admin处理为“已合并”，不能再次处理" in refused.value.message
    assert not state.changes()


def test_a_decision_from_a_page_opened_before_another_officers_is_refused(world, tmp_path):
    review = queued(tmp_path, world, "安康市秦巴农业有限公司")
    first, second = signed_in(world.hanbin_officer), signed_in(world.city_admin)
    url = reverse("workplace:review_detail", args=[review.pk])
    assert "确认为不同单位" in page_text(first.get(url))
    assert "确认为不同单位" in page_text(second.get(url))
    first.post(reverse("workplace:review_separate", args=[review.pk]), {"note": ""})
    state = Unchanged()
    response = second.post(reverse("workplace:review_merge", args=[review.pk]), {"note": ""})
    assert response.status_code == 302
    (message,) = flashed(response)
    assert "处理为“确认为不同单位”，不能再次处理" in message
    assert not state.changes()
    shown = page_text(second.get(url))
    assert "已于" in shown and "确认为不同单位" in shown and "合并到该单位" not in shown


def test_separating_a_code_registered_meanwhile_is_refused(world, tmp_path):
    review = queued(tmp_path, world, "安康市康泰医药有限公司")
    employer(world.hanbin_union, "安康市康泰医药连锁有限公司", credit_code=review.credit_code)
    with pytest.raises(DomainError) as refused:
        review_separate(user=world.hanbin_officer, review=review, note="")
    assert refused.value.message.startswith(f"统一社会信用代码{review.credit_code}已登记为")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_the_review_page_shows_the_source_record_beside_the_candidate(world, tmp_path):
    review = queued(tmp_path, world, "安康市博远电子有限公司")
    text = page_text(
        signed_in(world.hanbin_officer).get(reverse("workplace:review_detail", args=[review.pk]))
    )
    assert "税务局数据中的记录" in text and "台账中的同名单位" in text
    assert review.credit_code in text and review.candidate.credit_code in text
    assert "纳税人识别号" in text and "统一社会信用代码不变" in text


def test_a_county_officer_sees_and_decides_none_of_another_countys_reviews(world, tmp_path):
    theirs = employer(world.shiquan_union, "石泉县蚕桑丝绸有限公司")
    import_rows(
        tmp_path, world.shiquan_officer, "market", [row("market", code(), theirs.name, 9, "")]
    )
    review = MergeReview.objects.get(candidate=theirs)
    client = signed_in(world.hanbin_officer)
    assert "石泉县蚕桑丝绸" not in page_text(client.get(reverse("workplace:review_list")))
    assert client.get(reverse("workplace:review_detail", args=[review.pk])).status_code == 404
    state = Unchanged()
    refused = client.post(reverse("workplace:review_merge", args=[review.pk]), {"note": ""})
    assert refused.status_code == 404 and not state.changes()
    with pytest.raises(Denied):
        review_merge(user=world.hanbin_officer, review=review, note="")
    assert "石泉县蚕桑丝绸" in page_text(
        signed_in(world.shiquan_officer).get(reverse("workplace:review_list"))
    )


def test_the_auditor_reads_the_queue_and_a_chair_is_refused_the_decisions(world, tmp_path):
    review = queued(tmp_path, world, "安康市瑞丰商贸有限公司")
    auditor = signed_in(world.auditor)
    page = page_text(auditor.get(reverse("workplace:review_detail", args=[review.pk])))
    assert "安康市瑞丰商贸有限公司" in page and "合并到该单位" not in page
    for who in (world.auditor, world.hanbin_chair):
        state = Unchanged()
        response = signed_in(who).post(
            reverse("workplace:review_merge", args=[review.pk]), {"note": ""}
        )
        assert response.status_code == 403 and "无权核对同名不同代码企业" in page_text(response)
        assert not state.changes()
