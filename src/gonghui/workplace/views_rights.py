"""Pages of 维权 at employers: mediation cases (list, 受理, the case's page with its stage moves),
safety inspections (list, record with the hazards found, the inspection's page, adding a hazard,
整改销号 with evidence) and the legal consultations log.

Thin: a form in, a service or selector call, a template out (core.web)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Organization, User
from gonghui.core.permissions import Denied, authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act_on_form, page, show_document, submit
from gonghui.workplace import selectors_lookup as lookup
from gonghui.workplace import selectors_rights as selectors
from gonghui.workplace import services_rights as services
from gonghui.workplace.filters_rights import (
    ConsultationFilterSet,
    InspectionFilterSet,
    MediationFilterSet,
)
from gonghui.workplace.forms_rights import (
    ConsultationForm,
    HazardCloseForm,
    HazardForm,
    InspectionForm,
    MediationForm,
    MoveForm,
    hazard_rows,
    hazards_of_rows,
    rows_valid,
)
from gonghui.workplace.models import (
    Body,
    Hazard,
    HazardEvidence,
    Inspection,
    Mediation,
    MediationStage,
)
from gonghui.workplace.selectors_settings import setting_for
from gonghui.workplace.tables_rights import (
    ConsultationTable,
    InspectionTable,
    MediationTable,
    body_labels,
)


def _own_org(user: User, doing: str) -> Organization:
    org = user.organization
    if org is None:
        raise PermissionDenied(f"您的账号未关联组织，不能{doing}")
    return org


def _employer(user: User, text: str, field: str) -> Employer | None:
    """The employer typed on a form (credit code or name), None when left blank."""
    if not (text or "").strip():
        return None
    return lookup.employer_find(user=user, text=text, field=field)


# ---------------------------------------------------------------- mediation


class MediationListView(ListPageView):
    title = "调解案件"
    filterset_class = MediationFilterSet
    table_class = MediationTable
    view_action = "workplace.mediation.view"
    export_action = "workplace.mediation.export"
    create_url_name = "workplace:mediation_new"
    create_action = "workplace.mediation.record"
    create_label = "受理调解案件"


@page("workplace.mediation.record")
def mediation_new(request: HttpRequest, user: User) -> HttpResponse:
    """受理: the case is numbered and taken in by the user's own union."""
    authorize(user, "workplace.mediation.record")
    org = _own_org(user, "受理调解案件")
    form = MediationForm(request.POST or None, initial={"received_on": clock.today()})
    done = submit(
        request,
        form,
        lambda d: services.mediation_intake(
            user=user,
            org=org,
            employer=_employer(user, d["employer"], "用人单位"),
            applicant=d["applicant"],
            applicants=d["applicants"],
            respondent=d["respondent"],
            dispute=d["dispute"],
            bodies=d["bodies"],
            amount_claimed=d["amount_claimed"],
            received_on=d["received_on"],
            summary=d["summary"],
        ),
        lambda m: f"已受理调解案件{m.number}",
    )
    if done:
        return redirect("workplace:mediation_detail", done.value.pk)
    return render(
        request,
        "workplace/mediation_form.html",
        {"title": "受理调解案件", "form": form, "back": reverse("workplace:mediation_list")},
    )


def _mediation(user: User, pk: int) -> Mediation:
    try:
        mediation = selectors.mediation_get(user=user, pk=pk)
    except Mediation.DoesNotExist:
        raise Http404("找不到该调解案件，或不在您的管辖范围内") from None
    authorize(user, "workplace.mediation.view", mediation)
    return mediation


@page()
def mediation_detail(request: HttpRequest, user: User, mediation_id: int) -> HttpResponse:
    mediation = _mediation(user, mediation_id)
    choices = services.NEXT_STAGES.get(mediation.stage, ())
    return render(
        request,
        "workplace/mediation_detail.html",
        {
            "title": f"调解案件{mediation.number}",
            "m": mediation,
            "bodies": body_labels(mediation.bodies),
            "steps": mediation.steps.select_related("by").order_by("id"),
            "may_move": bool(choices) and can(user, "workplace.mediation.record", mediation),
            "move_form": MoveForm(choices=choices, initial={"on_date": clock.today()}),
            "closed": mediation.stage in services.FINAL_STAGES,
            "stages": [s for s in MediationStage if s != MediationStage.INTAKE],
            "all_bodies": Body.choices,
        },
    )


@page("workplace.mediation.record", post=True)
def mediation_move(request: HttpRequest, user: User, mediation_id: int) -> HttpResponse:
    """The case's next stage (from its page)."""
    mediation = _mediation(user, mediation_id)
    act_on_form(
        request,
        MoveForm(request.POST),
        lambda d: services.mediation_move(user=user, mediation=mediation, **d),
        lambda m: f"案件{m.number}已进入“{m.get_stage_display()}”",
    )
    return redirect("workplace:mediation_detail", mediation.pk)


# ---------------------------------------------------------------- inspections


class InspectionListView(ListPageView):
    title = "安全检查"
    filterset_class = InspectionFilterSet
    table_class = InspectionTable
    view_action = "workplace.inspection.view"
    export_action = "workplace.inspection.export"
    create_url_name = "workplace:inspection_new"
    create_action = "workplace.inspection.record"
    create_label = "登记安全检查"
    template_name = "workplace/inspection_list.html"


@page("workplace.inspection.record")
def inspection_new(request: HttpRequest, user: User) -> HttpResponse:
    """An inspection with the hazards found (rows left blank are skipped)."""
    authorize(user, "workplace.inspection.record")
    org = _own_org(user, "登记安全检查")
    form = InspectionForm(request.POST or None, initial={"inspected_on": clock.today()})
    rows = hazard_rows(request.POST or None)

    def record(d: dict[str, Any]) -> Inspection:
        if not rows_valid(rows):
            raise DomainError("隐患的整改期限应为日期，请检查标红的行")
        return services.inspection_record(
            user=user,
            org=org,
            employer=lookup.employer_find(user=user, text=d["employer"], field="被检查单位"),
            inspected_on=d["inspected_on"],
            inspectors=d["inspectors"],
            note=d["note"],
            hazards=hazards_of_rows(rows),
        )

    done = submit(request, form, record, lambda i: f"已登记对{i.employer.name}的安全检查")
    if done:
        return redirect("workplace:inspection_detail", done.value.pk)
    days = setting_for(org, clock.today().year).hazard_days
    return render(
        request,
        "workplace/inspection_form.html",
        {
            "title": "登记安全检查",
            "form": form,
            "rows": rows,
            "hazard_days": days,
            "back": reverse("workplace:inspection_list"),
        },
    )


def _inspection(user: User, pk: int) -> Inspection:
    try:
        return selectors.inspection_get(user=user, pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("找不到该安全检查，或不在您的管辖范围内") from None


@page()
def inspection_detail(request: HttpRequest, user: User, inspection_id: int) -> HttpResponse:
    inspection = _inspection(user, inspection_id)
    authorize(user, "workplace.inspection.view")
    hazards = selectors.hazards_of(inspection=inspection)
    return render(
        request,
        "workplace/inspection_detail.html",
        {
            "title": f"安全检查·{inspection.employer.name}",
            "inspection": inspection,
            "hazards": hazards,
            "fixed": sum(1 for h in hazards if h.fixed),
            "overdue": sum(1 for h in hazards if getattr(h, "overdue", False)),
            "may_close": selectors.may_close_in(user, inspection),
            "may_add": can(user, "workplace.inspection.record", inspection),
            "hazard_form": HazardForm(),
            "hazard_days": setting_for(inspection.org, inspection.inspected_on.year).hazard_days,
        },
    )


@page("workplace.inspection.record", post=True)
def hazard_add(request: HttpRequest, user: User, inspection_id: int) -> HttpResponse:
    inspection = _inspection(user, inspection_id)
    act_on_form(
        request,
        HazardForm(request.POST),
        lambda d: services.hazard_add(user=user, inspection=inspection, **d),
        lambda h: f"已登记隐患“{h.description}”，整改期限{h.deadline:%Y-%m-%d}",
    )
    return redirect("workplace:inspection_detail", inspection.pk)


@page("workplace.hazard.close")
def hazard_close(request: HttpRequest, user: User, hazard_id: int) -> HttpResponse:
    """整改销号: the date of the fix and at least one photo or PDF of it."""
    try:
        hazard = selectors.hazard_get(user=user, pk=hazard_id)
    except Hazard.DoesNotExist:
        raise Http404("找不到该隐患，或不在您的管辖范围内") from None
    if not selectors.may_close_hazard(user, hazard):
        raise Denied("无权为该隐患销号：只有检查单位的工会干部或被检查单位的工会主席可以销号")
    back = reverse("workplace:inspection_detail", args=[hazard.inspection_id])
    if hazard.fixed:
        return redirect(back)
    form = HazardCloseForm(
        request.POST or None, request.FILES or None, initial={"fixed_on": clock.today()}
    )
    done = submit(
        request,
        form,
        lambda d: services.hazard_close(
            user=user, hazard=hazard, fixed_on=d["fixed_on"], evidence=d["evidence"]
        ),
        lambda h: f"隐患“{h.description}”已整改销号",
    )
    if done:
        return redirect(back)
    return render(
        request,
        "workplace/hazard_close.html",
        {"title": "隐患整改销号", "hazard": hazard, "form": form, "back": back},
    )


@page()
def hazard_evidence(request: HttpRequest, user: User, hazardevidence_id: int) -> HttpResponse:
    """An evidence photo or PDF of a hazard in scope, shown in the browser."""
    try:
        evidence = selectors.evidence_get(user=user, pk=hazardevidence_id)
        fileobj = selectors.evidence_open(evidence=evidence)
    except HazardEvidence.DoesNotExist:
        raise Http404("没有这份整改佐证，或不在您的管辖范围内") from None
    except FileNotFoundError:
        raise Http404("整改佐证文件已不存在，请联系系统管理员") from None
    return cast(HttpResponse, show_document(fileobj, path=evidence.path, name=evidence.name))


# ---------------------------------------------------------------- consultations


class ConsultationListView(ListPageView):
    title = "法律咨询"
    filterset_class = ConsultationFilterSet
    table_class = ConsultationTable
    view_action = "workplace.consultation.view"
    export_action = "workplace.consultation.export"
    create_url_name = "workplace:consultation_new"
    create_action = "workplace.consultation.record"
    create_label = "登记法律咨询"


@page("workplace.consultation.record")
def consultation_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "workplace.consultation.record")
    org = _own_org(user, "登记法律咨询")
    form = ConsultationForm(request.POST or None, initial={"consulted_on": clock.today()})
    done = submit(
        request,
        form,
        lambda d: services.consultation_log(
            user=user,
            org=org,
            employer=_employer(user, d.pop("employer"), "涉及单位"),
            **d,
        ),
        "已登记法律咨询",
    )
    if done:
        return redirect("workplace:consultation_list")
    return render(
        request,
        "workplace/consultation_form.html",
        {"title": "登记法律咨询", "form": form, "back": reverse("workplace:consultation_list")},
    )
