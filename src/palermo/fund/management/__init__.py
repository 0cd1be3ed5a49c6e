"""Management commands of the trust fund app."""
