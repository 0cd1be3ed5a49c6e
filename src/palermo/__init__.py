"""Palermo: an open, self-hosted data platform for coordinated action against trafficking in persons."""

__version__ = "0.1.0"
