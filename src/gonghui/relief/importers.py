"""The domain's importers (registered with the import page when imported at start-up)."""

from gonghui.relief import importers_campaigns, importers_cases

__all__ = ["importers_campaigns", "importers_cases"]
