"""Case data hub: victim case records (HTCDS), sources, imports, the identifier vault, services and referrals."""
