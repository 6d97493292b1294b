"""Importing a distribution list from Excel."""
