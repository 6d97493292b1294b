"""Importing an existing 困难职工台账 from Excel."""
