"""The 安康 organization tree: the city federation, its counties, towns and industry federations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gonghui.core.models import NewEmploymentForm, Organization, OrgKind

CITY_NAME = "安康市总工会"
# GB/T 2260 codes of the ten county-level divisions; the two zones have none.
COUNTIES: list[tuple[str, str]] = [
    ("汉滨区总工会", "610902"),
    ("汉阴县总工会", "610921"),
    ("石泉县总工会", "610922"),
    ("宁陕县总工会", "610923"),
    ("紫阳县总工会", "610924"),
    ("岚皋县总工会", "610925"),
    ("平利县总工会", "610926"),
    ("镇坪县总工会", "610927"),
    ("白河县总工会", "610929"),
    ("旬阳市总工会", "610981"),
    ("恒口示范区总工会", ""),
    ("高新区总工会", ""),
]


def seed_ankang_tree() -> Organization:
    """Create the city federation and its twelve county-level federations (idempotent)."""
    from gonghui.core.services import organization_create

    with transaction.atomic():
        city = Organization.objects.filter(parent=None, name=CITY_NAME).first()
        if city is None:
            city = organization_create(
                name=CITY_NAME, kind=OrgKind.CITY, parent=None, code="610900"
            )
        for name, code in COUNTIES:
            if not Organization.objects.filter(parent=city, name=name).exists():
                organization_create(name=name, kind=OrgKind.COUNTY, parent=city, code=code)
    return city


# The zones have no GB/T 2260 code; people registered there hold 汉滨 ID numbers.
ZONE_REGION = "610902"

# county federation → (employer name prefix, share of the workforce, towns/parks)
COUNTY_PROFILE: dict[str, tuple[str, float, list[str]]] = {
    "汉滨区总工会": ("安康市汉滨区", 0.30, ["江北街道", "五里镇", "关庙镇"]),
    "汉阴县总工会": ("汉阴县", 0.08, ["城关镇", "涧池镇"]),
    "石泉县总工会": ("石泉县", 0.06, ["城关镇", "池河镇"]),
    "宁陕县总工会": ("宁陕县", 0.02, ["城关镇", "筒车湾镇"]),
    "紫阳县总工会": ("紫阳县", 0.09, ["城关镇", "向阳镇"]),
    "岚皋县总工会": ("岚皋县", 0.05, ["城关镇", "佐龙镇"]),
    "平利县总工会": ("平利县", 0.07, ["城关镇", "长安镇"]),
    "镇坪县总工会": ("镇坪县", 0.02, ["城关镇", "曾家镇"]),
    "白河县总工会": ("白河县", 0.05, ["城关镇", "中厂镇"]),
    "旬阳市总工会": ("旬阳市", 0.14, ["城关镇", "蜀河镇"]),
    "恒口示范区总工会": ("安康恒口示范区", 0.05, ["恒口镇", "恒口工业园区"]),
    "高新区总工会": ("安康高新区", 0.07, ["科技企业孵化园", "富硒产业园"]),
}
# (parent: "city" or a county federation name, name)
INDUSTRY_FEDERATIONS: list[tuple[str, str]] = [
    ("city", "安康市快递行业工会联合会"),
    ("city", "安康市网约车行业工会联合会"),
    ("汉滨区总工会", "汉滨区外卖配送行业工会联合会"),
    ("汉滨区总工会", "汉滨区货运物流行业工会联合会"),
]
# new-employment form → the industry federation its unorganized workers join
NEW_FORM_FEDERATION = {
    NewEmploymentForm.COURIER: "安康市快递行业工会联合会",
    NewEmploymentForm.RIDE_HAILING: "安康市网约车行业工会联合会",
    NewEmploymentForm.RIDER: "汉滨区外卖配送行业工会联合会",
    NewEmploymentForm.TRUCK: "汉滨区货运物流行业工会联合会",
}


def county_region(county: Organization) -> str:
    return county.code or ZONE_REGION


def bulk_orgs(orgs: list[Organization]) -> list[Organization]:
    """Insert organizations in bulk and set their materialized paths."""
    if not orgs:
        return orgs
    created = Organization.objects.bulk_create(orgs, batch_size=500)
    if any(o.pk is None for o in created):  # backends that return no ids
        by_key = {
            (o.parent_id, o.name): o.pk
            for o in Organization.objects.filter(parent__in={o.parent_id for o in orgs})
        }
        for o in created:
            o.pk = by_key[(o.parent_id, o.name)]
    for o in created:
        assert o.parent is not None
        o.path = o.parent.path + Organization.segment(o.pk)
        o.depth = o.parent.depth + 1
    Organization.objects.bulk_update(created, ["path", "depth"], batch_size=500)
    return created


@dataclass
class DemoTree:
    """The organizations employers and persons are placed in (grassroots unions come later)."""

    city: Organization
    counties: dict[str, Organization]
    # county federation name → its towns and parks (区域性工会联合会)
    regional: dict[str, list[Organization]]
    # industry federation name → the federation
    federations: dict[str, Organization]

    @property
    def added(self) -> int:
        """The organizations below the county level this tree holds."""
        return sum(len(v) for v in self.regional.values()) + len(self.federations)


def seed_demo_tree() -> DemoTree:
    """The city and counties, their towns and parks and the industry federations: a few dozen
    organizations, created through the service (audited normally); existing ones are kept."""
    from gonghui.core.services import organization_create

    city = seed_ankang_tree()
    counties = {o.name: o for o in city.children.filter(kind=OrgKind.COUNTY)}
    regional: dict[str, list[Organization]] = {}
    for county_name, (_prefix, _share, towns) in COUNTY_PROFILE.items():
        county = counties[county_name]
        short = county_name.removesuffix("总工会")
        regional[county_name] = []
        for town in towns:
            name = f"{short}{town}工会联合会"
            org = Organization.objects.filter(parent=county, name=name).first()
            regional[county_name].append(
                org or organization_create(name=name, kind=OrgKind.REGIONAL, parent=county)
            )
    federations: dict[str, Organization] = {}
    for parent_name, name in INDUSTRY_FEDERATIONS:
        parent = city if parent_name == "city" else counties[parent_name]
        org = Organization.objects.filter(parent=parent, name=name).first()
        federations[name] = org or organization_create(
            name=name, kind=OrgKind.INDUSTRY, parent=parent
        )
    return DemoTree(city, counties, regional, federations)
