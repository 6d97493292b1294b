"""Reads of the registry: model workers, honors, the honor-type catalog."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gonghui.core.models import Person, User
from gonghui.core.scope import scope_q, scoped
from gonghui.core.selectors import person_search_q
from gonghui.honors.models import Honor, HonorType, ModelWorker
from gonghui.honors.selectors.common import _in_subtree_of, _person_matches, _person_scoped


def registry_list(
    *,
    user: User,
    q: str = "",
    level: str = "",
    honor_type: str = "",
    county: str = "",
    status: str = "",
    status_in: list[str] | None = None,
    frontline: str = "",
    hardship: str = "",
    key_sector: str = "",
    new_form: str = "",
    valid: str = "1",
) -> QuerySet[ModelWorker]:
    """Model workers in scope; by default those with a valid honor (valid="" includes all)."""
    qs = _person_scoped(
        ModelWorker.objects.select_related("person__org", "top_honor__honor_type"), user
    )
    if valid == "1":
        qs = qs.filter(level__isnull=False)
    elif valid == "0":
        qs = qs.filter(level__isnull=True)
    if q:
        qs = qs.filter(_person_matches(q))
    if level:
        qs = qs.filter(level=level)
    if honor_type:
        qs = qs.filter(
            person__honors__honor_type_id=honor_type, person__honors__status="valid"
        ).distinct()
    if county:
        qs = qs.filter(_in_subtree_of(county))
    if status:
        qs = qs.filter(person__status=status)
    if status_in:
        qs = qs.filter(person__status__in=status_in)
    for name, value in (
        ("frontline", frontline),
        ("hardship_post", hardship),
        ("key_sector", key_sector),
    ):
        if value in {"1", "0"}:
            qs = qs.filter(**{f"person__{name}": value == "1"})
    if new_form == "any":
        qs = qs.exclude(person__new_employment_form="")
    elif new_form == "none":
        qs = qs.filter(person__new_employment_form="")
    elif new_form:
        qs = qs.filter(person__new_employment_form=new_form)
    return qs.order_by("level", "person__name_pinyin", "pk")


def registry_get(*, user: User, person_pk: int) -> ModelWorker:
    """One registry entry in scope (DoesNotExist → 404 in views)."""
    return registry_list(user=user, valid="").get(person_id=person_pk)


def honor_list(
    *, user: User, q: str = "", status: str = "", year: str = "", collective: str = ""
) -> QuerySet[Honor]:
    """Honors in scope: personal ones through the person, collective ones through the organization."""
    # 职工本人: their own honors (scope_q gives no collective ones to a member).
    in_scope = scope_q(user, "person__org", person_field="person") | scope_q(user, "organization")
    qs = Honor.objects.filter(in_scope).select_related("person__org", "organization", "honor_type")
    if q:
        qs = qs.filter(
            _person_matches(q) | Q(organization__name__icontains=q) | Q(doc_number__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if collective in {"1", "0"}:
        qs = qs.filter(honor_type__collective=collective == "1")
    return qs


def honor_type_list(
    *, q: str = "", level: str = "", collective: str = "", active: str = ""
) -> QuerySet[HonorType]:
    """The catalog (one for the whole city, so not scoped), with how often each type is used."""
    qs = HonorType.objects.annotate(used=Count("honors"))
    if q:
        qs = qs.filter(name__icontains=q.strip())
    if level.isdigit():
        qs = qs.filter(level=int(level))
    if collective in {"1", "0"}:
        qs = qs.filter(collective=collective == "1")
    if active in {"1", "0"}:
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("level", "sort", "name")


def honor_type_get(*, pk: int) -> HonorType:
    return honor_type_list().get(pk=pk)


def honor_types(*, collective: bool | None = None) -> QuerySet[HonorType]:
    qs = HonorType.objects.filter(is_active=True)
    if collective is not None:
        qs = qs.filter(collective=collective)
    return qs


def person_candidates(*, user: User, q: str) -> QuerySet[Person]:
    """Persons in scope matching a search, for picking who receives an honor."""
    qs = scoped(Person.objects.select_related("org"), user, person_field="pk")
    return qs.filter(person_search_q(q))[:20] if q else qs.none()


def roster_people_count(*, user: User) -> int:
    return registry_list(user=user).count()


def model_worker_of(*, person: Person) -> ModelWorker | None:
    """A person's registry entry with its top honor (None: the person never held an honor)."""
    return ModelWorker.objects.filter(person=person).select_related("top_honor__honor_type").first()


def person_honors(*, person: Person) -> QuerySet[Honor]:
    """Every honor of a person, valid and revoked (for their page; the person is in scope)."""
    return Honor.objects.filter(person=person).select_related("honor_type", "person__org")
