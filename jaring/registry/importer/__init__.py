"""Household import: streaming readers, the bulk-load adapter, and the all-or-nothing run."""
