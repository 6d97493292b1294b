from gonghui.core.models import Organization


def test_ankang_tree_has_city_and_twelve_county_level_federations(world):
    assert world.city.children.count() == 12
    codes = set(Organization.objects.exclude(code="").values_list("code", flat=True))
    assert {"610902", "610921", "610981"} <= codes
    assert world.hanbin_union.path.startswith(world.hanbin.path)
