"""The domain's importers (registered with the import page when imported at start-up): the
企业台账's four department feeds."""

from gonghui.workplace import importers_employers

__all__ = ["importers_employers"]
