"""Trust fund: donors, contributions, calls for proposals, applications, grants, payments and reports."""
