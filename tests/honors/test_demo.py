"""Demo data: about 600 model workers with a realistic spread, deterministic and idempotent."""

import pytest

from gonghui.honors.demo import seed_model_workers
from gonghui.honors.models import ModelWorker

pytestmark = pytest.mark.django_db


def test_seed_model_workers_spreads_levels_counties_and_statuses():
    assert seed_model_workers(count=600, seed=1) == 600
    mws = ModelWorker.objects.select_related("person__org__parent")
    levels = {m.level for m in mws}
    assert {1, 2, 3, 4} <= levels
    assert len({m.person.org.parent_id for m in mws}) >= 10
    statuses = {m.person.status for m in mws}
    assert statuses == {"active", "retired", "deceased"}
    assert mws.filter(person__frontline=True).count() > 200
    assert mws.filter(level=1).count() < mws.filter(level=3).count()
    # running again tops up to the count and creates nothing new
    assert seed_model_workers(count=600, seed=1) == 0
