"""Case law: court decisions on trafficking, full-text search, facets and exports (like SHERLOC)."""
