"""The package version: one place, imported by the stages that record it."""
__version__ = "0.2.0"
