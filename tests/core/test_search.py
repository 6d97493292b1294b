"""Person search: each kind of query is a prefix on one indexed column, ordered by it."""

from gonghui.core import selectors
from gonghui.core.views_list import CappedPaginator
from tests import factories


def names(world, q):
    return [p.name for p in selectors.person_list(user=world.city_admin, q=q)]


def test_initials_that_contain_a_vowel_still_find_the_person(world):
    factories.person(world.hanbin_union, "欧阳娜")
    assert names(world, "oyn") == ["欧阳娜"]
    assert names(world, "ouyang") == ["欧阳娜"]


def test_chinese_search_matches_the_start_of_the_name(world):
    factories.person(world.hanbin_union, "张伟明")
    factories.person(world.hanbin_union, "王张伟")
    assert names(world, "张伟") == ["张伟", "张伟明"]


def test_initials_search_is_ordered_by_initials(world):
    factories.person(world.hanbin_union, "周文")
    assert names(world, "zw") == ["张伟", "周文"]


def test_list_count_is_capped_but_says_so(world):
    for i in range(4):
        factories.person(world.hanbin_union, f"测试{i}", member=False)

    class Small(CappedPaginator):
        COUNT_CAP = 3

    paginator = Small(selectors.person_list(user=world.city_admin), 20)
    assert paginator.count == 4  # the cap plus one: "3+"
    assert paginator.capped
