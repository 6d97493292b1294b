"""Rule 1, the score and the lottery, one behaviour per test."""

import hashlib

import pytest

from gonghui.planner import solve
from tests.planner.conftest import candidate, instance


def explain(person, **top):
    return solve(instance([person], **top))["explanations"][person["id"]]


def city_trip(year):
    return [{"year": year, "level": "city"}]


def test_eligible_person_is_selected_with_the_contract_score():
    e = explain(candidate(frontline=True, key_sector=True))
    assert e["eligible"] and e["selected"]
    assert e["score"] == 100 + 40 + 20 + 5 * 10


def test_no_honor_in_the_eligible_kinds_gives_no_eligible_honor():
    honors = [{"kind": "工人先锋号", "level": "city", "year": 2019, "valid": True}]
    assert explain(candidate(honors=honors))["reasons"] == ["no_eligible_honor"]


def test_county_level_honor_gives_no_eligible_honor():
    honors = [{"kind": "劳动模范", "level": "county", "year": 2019, "valid": True}]
    assert explain(candidate(honors=honors))["reasons"] == ["no_eligible_honor"]


def test_revoked_honor_gives_no_eligible_honor():
    honors = [{"kind": "劳动模范", "level": "city", "year": 2019, "valid": False}]
    assert explain(candidate(honors=honors))["reasons"] == ["no_eligible_honor"]


def test_policy_can_widen_the_eligible_levels():
    honors = [{"kind": "劳动模范", "level": "county", "year": 2019, "valid": True}]
    policy = {"eligible_levels": ["county", "city"]}
    assert explain(candidate(honors=honors), policy=policy)["eligible"] is True


def test_deceased_is_never_eligible():
    assert explain(candidate(status="deceased"))["reasons"] == ["deceased"]


def test_retired_is_eligible_by_default():
    assert explain(candidate(status="retired"))["selected"] is True


def test_retired_is_excluded_when_the_policy_says_so():
    e = explain(candidate(status="retired"), policy={"exclude_retired": True})
    assert e["reasons"] == ["retired"]


@pytest.mark.parametrize(
    ("cooldown", "trip_year", "blocked"),
    [
        (2, 2026, True),
        (2, 2025, True),
        (2, 2024, False),
        (3, 2025, True),
        (3, 2024, True),
        (3, 2023, False),
        (1, 2026, True),
        (1, 2025, False),
    ],
)
def test_cooldown_blocks_city_trips_within_the_window_only(cooldown, trip_year, blocked):
    e = explain(candidate(trips=city_trip(trip_year)), policy={"cooldown_years": cooldown})
    assert (e["eligible"] is False and e["reasons"] == ["cooldown"]) is blocked
    assert e["eligible"] is not blocked


def test_provincial_trip_last_year_does_not_cool_down():
    e = explain(candidate(trips=[{"year": 2025, "level": "provincial"}]))
    assert e["eligible"] is True
    assert e["score"] == 5 * 1


def test_provincial_trip_this_year_blocks_when_the_switch_is_on():
    e = explain(candidate(trips=[{"year": 2026, "level": "provincial"}]))
    assert e["reasons"] == ["provincial_trip_this_year"]


def test_provincial_trip_this_year_does_not_block_when_the_switch_is_off():
    policy = {"skip_if_provincial_trip_same_year": False}
    e = explain(candidate(trips=[{"year": 2026, "level": "provincial"}]), policy=policy)
    assert e["eligible"] is True and e["score"] == 0


def test_all_reasons_are_listed_in_contract_order():
    person = candidate(
        status="deceased",
        honors=[],
        trips=[{"year": 2026, "level": "city"}, {"year": 2026, "level": "provincial"}],
    )
    assert explain(person)["reasons"] == [
        "no_eligible_honor",
        "deceased",
        "cooldown",
        "provincial_trip_this_year",
    ]


def test_years_since_last_trip_count_up_to_ten():
    assert explain(candidate(trips=city_trip(2023)))["score"] == 15
    assert explain(candidate(trips=city_trip(2010)))["score"] == 50


def test_weights_not_given_take_the_defaults():
    e = explain(candidate(hardship_post=True), policy={"weights": {"never_been": 7}})
    assert e["score"] == 7 + 40 + 50


def test_lottery_points_follow_sha256_of_seed_and_id():
    people = [candidate(f"P{i}") for i in range(5)]
    data = instance(people, seed=42, budget="0.00")
    order = sorted(
        (c["id"] for c in people), key=lambda cid: hashlib.sha256(f"42:{cid}".encode()).hexdigest()
    )
    assert solve(data)["waitlist"] == order


def test_waitlist_puts_higher_score_before_lottery():
    people = [candidate("P1"), candidate("P2", frontline=True)]
    assert solve(instance(people, budget="0.00"))["waitlist"][0] == "P2"


def test_preferred_batch_bonus_sends_a_person_to_the_batch_they_prefer():
    from tests.planner.conftest import batch

    batches = [batch("B1"), batch("B2")]
    out = solve(instance([candidate(preferred=["B2"])], batches))
    assert out["assignments"] == [{"candidate": "P1", "batch": "B2"}]
    assert out["objective"] == 150 + 3
