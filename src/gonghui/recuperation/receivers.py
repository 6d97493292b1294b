"""What 劳模疗休养 does when another module reports a change about a person.

`core.signals.eligibility_lost` (sent by honors inside its transaction: a death, a revoked
honor …): the person's open seats are withdrawn with the reason and go down the waiting list.
Connected in RecuperationConfig.ready().
"""

from __future__ import annotations

from typing import Any

from gonghui.core.models import Person, User


def on_eligibility_lost(
    sender: Any, *, person: Person, reason: str, user: User | None = None, **kwargs: Any
) -> None:
    """Withdraw the person's open 疗休养 invitations (see services.eligibility_lost_withdraw)."""
    from gonghui.recuperation.services import eligibility_lost_withdraw

    eligibility_lost_withdraw(person=person, reason=reason, by=user)
