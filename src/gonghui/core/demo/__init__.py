"""The 安康 organization tree and deterministic demo data.

`seed_demo(members=N, seed=S)` builds a realistic dataset from one `random.Random(seed)`:
towns and parks as 区域性工会联合会, industry federations, employers with valid credit codes,
their grassroots unions, persons with valid ID numbers whose region code fits their county,
and memberships. The same seed always gives the same records (ciphertexts differ — AES-GCM
nonces are random — but names, ID numbers and their lookup hashes are identical).

Bulk writes bypass the per-row audit signals on purpose (100,000 audit rows of fake data help
nobody); the run writes one summary entry (model ``core.demo``) that is also the marker
`--once` looks for.

- tree.py: the city, counties, towns and industry federations;
- reference.py: kinds of business, names, ethnicities and schooling the data draws from;
- generator.py: one seeded random source for names, ID numbers, credit codes and phones;
- people.py: persons and memberships; users.py: the demo logins; seed.py: the whole run.
"""

from gonghui.core.demo.generator import DemoGenerator, weighted_picker
from gonghui.core.demo.people import EmployerPlan, seed_persons
from gonghui.core.demo.reference import (
    BUSINESS_BY_KEY,
    BUSINESSES,
    EDUCATION_LEVELS,
    ETHNICITIES,
    POLITICAL_STATUSES,
    POSTS_BY_INDUSTRY,
    REFERENCE_DAY,
    Business,
)
from gonghui.core.demo.seed import (
    DEMO_MARKER_MODEL,
    DemoResult,
    demo_digest,
    demo_exists,
    seed_demo,
)
from gonghui.core.demo.tree import (
    CITY_NAME,
    COUNTIES,
    COUNTY_PROFILE,
    INDUSTRY_FEDERATIONS,
    NEW_FORM_FEDERATION,
    ZONE_REGION,
    DemoTree,
    seed_ankang_tree,
    seed_demo_tree,
)
from gonghui.core.demo.users import (
    DEMO_PASSWORD,
    DEMO_USERS,
    FLAGSHIP_EMPLOYER,
    FLAGSHIP_UNION,
    FLAGSHIP_WORKER,
    DemoUser,
    ensure_demo_users,
)

__all__ = [
    "BUSINESSES",
    "BUSINESS_BY_KEY",
    "CITY_NAME",
    "COUNTIES",
    "COUNTY_PROFILE",
    "DEMO_MARKER_MODEL",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "EDUCATION_LEVELS",
    "ETHNICITIES",
    "FLAGSHIP_EMPLOYER",
    "FLAGSHIP_UNION",
    "FLAGSHIP_WORKER",
    "INDUSTRY_FEDERATIONS",
    "NEW_FORM_FEDERATION",
    "POLITICAL_STATUSES",
    "POSTS_BY_INDUSTRY",
    "REFERENCE_DAY",
    "ZONE_REGION",
    "Business",
    "DemoGenerator",
    "DemoResult",
    "DemoTree",
    "DemoUser",
    "EmployerPlan",
    "demo_digest",
    "demo_exists",
    "ensure_demo_users",
    "seed_ankang_tree",
    "seed_demo",
    "seed_demo_tree",
    "seed_persons",
    "weighted_picker",
]
