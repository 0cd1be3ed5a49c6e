"""Template filters of the fund app."""
