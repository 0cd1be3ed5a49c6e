"""Shipped reference data files (package data; see SOURCES.md)."""
