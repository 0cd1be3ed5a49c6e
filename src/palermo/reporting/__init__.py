"""Reporting rounds: questionnaires, invitations, submissions, review and completion."""
