"""Statistics: Global-Report-style aggregates from GLOTIP and accepted submissions, charts and maps."""
