"""Multiple Systems Estimation of hidden populations: a pure engine (no Django)."""
