"""The background job that runs the planner for a selection run (core.jobs handler)."""

from gonghui.core import jobs
from gonghui.recuperation.services import selection_job

jobs.handler("recuperation.select", "疗休养·名额遴选")(selection_job)
