"""Coordination: ICAT members and working group, activities, campaigns and resources."""
