"""Tests of the trust fund app."""
