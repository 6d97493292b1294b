"""The recuperation planner (疗休养名额分配): pure Python, JSON in, JSON out, no Django.

The contract is /work/shared/spec/recuperation-planner.md; ``solve`` implements it.
"""

from gonghui.planner.api import serialize, solve
from gonghui.planner.errors import PlannerInputError
from gonghui.planner.generator import generate
from gonghui.planner.validation import validate_input

__all__ = ["PlannerInputError", "generate", "serialize", "solve", "validate_input"]
