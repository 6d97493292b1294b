"""The planner's input, parsed and checked: plain frozen dataclasses, money in integer cents."""

from dataclasses import dataclass

STATUSES = ("active", "retired", "deceased")
LEVELS = ("county", "city", "provincial", "national")

DEFAULT_WEIGHTS = {
    "never_been": 100,
    "frontline": 40,
    "hardship_post": 40,
    "key_sector": 20,
    "per_year_since_last": 5,
    "preferred_batch": 3,
}
DEFAULT_POLICY = {
    "eligible_kinds": ["劳动模范", "先进工作者", "五一劳动奖章"],
    "eligible_levels": ["national", "provincial", "city"],
    "cooldown_years": 2,
    "skip_if_provincial_trip_same_year": True,
    "exclude_retired": False,
    "weights": DEFAULT_WEIGHTS,
}


@dataclass(frozen=True)
class Weights:
    never_been: int
    frontline: int
    hardship_post: int
    key_sector: int
    per_year_since_last: int
    preferred_batch: int


@dataclass(frozen=True)
class Policy:
    eligible_kinds: frozenset[str]
    eligible_levels: frozenset[str]
    cooldown_years: int
    skip_if_provincial_trip_same_year: bool
    exclude_retired: bool
    weights: Weights


@dataclass(frozen=True)
class Honor:
    kind: str
    level: str
    year: int
    valid: bool


@dataclass(frozen=True)
class Trip:
    year: int
    level: str


@dataclass(frozen=True)
class Candidate:
    id: str
    org: str
    status: str
    honors: tuple[Honor, ...]
    frontline: bool
    hardship_post: bool
    key_sector: bool
    trips: tuple[Trip, ...]
    unavailable: frozenset[str]
    preferred: frozenset[str]


@dataclass(frozen=True)
class Batch:
    id: str
    destination: str
    start: str
    days: int
    min: int
    max: int
    cost_per_person: int  # cents
    travel_cost: dict[str, int]  # org code or "*" -> cents

    def cost_for(self, org: str) -> int:
        """Cents one person of ``org`` costs in this batch."""
        travel = self.travel_cost.get(org)
        if travel is None:
            travel = self.travel_cost["*"]
        return self.cost_per_person + travel


@dataclass(frozen=True)
class Instance:
    year: int
    seed: int | str
    budget: int  # cents
    policy: Policy
    candidates: tuple[Candidate, ...]
    batches: tuple[Batch, ...]
