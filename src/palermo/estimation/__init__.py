"""Estimation: MSE runs and their results for SDG indicator 16.2.2 (the Django side of `palermo.mse`)."""
