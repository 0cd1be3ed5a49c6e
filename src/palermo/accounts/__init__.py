"""Accounts: users, organisations, roles, object scopes and the audit log (the bottom floor)."""
