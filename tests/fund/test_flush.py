"""`flush` (an administrator's whole-database reset) works with ledger rows in the database, while
a row DELETE or a money UPDATE stays refused by the database and tampering is still reported.

These tests use ``transactional_db``: their teardown is itself a flush with money rows present,
which failed on SQLite before the flush guard (migration 0003, ``palermo.fund.dbguard``).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from palermo.accounts.models import Membership, Organisation, Role, User
from palermo.fund import ledger, services, workflow
from palermo.fund.dbguard import flush_allowed
from palermo.fund.models import Contribution, Donor, Grant, LedgerEntry, Payment
from tests.conftest import on_postgres
from tests.fund.conftest import People


def _raw(sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _books(officer: User) -> Contribution:
    donor = services.create_donor(None, officer, services.DonorSpec("state", "Examplia"))
    return services.record_contribution(
        None, officer, donor, services.MoneySpec(Decimal("250")), dt.date(2024, 5, 1)
    )


def _assert_rows_refused(contribution: Contribution) -> None:
    entry = LedgerEntry.objects.get(contribution=contribution)
    for sql, pk in (
        ("DELETE FROM fund_ledgerentry WHERE id = %s", entry.pk),
        ("UPDATE fund_ledgerentry SET amount_usd = 1 WHERE id = %s", entry.pk),
        ("DELETE FROM fund_contribution WHERE id = %s", contribution.pk),
        ("UPDATE fund_contribution SET amount_usd = 1 WHERE id = %s", contribution.pk),
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(sql, [pk])
    kept = LedgerEntry.objects.get(pk=entry.pk)
    assert (kept.amount_usd, kept.hash) == (entry.amount_usd, entry.hash)
    assert Contribution.objects.get(pk=contribution.pk).amount_usd == contribution.amount_usd


def _paid_grant(people: People, open_call) -> Grant:
    app = workflow.submit_application(
        None, people.applicant, open_call, people.ngo, title="Shelter", requested_usd=Decimal(500)
    )
    meeting = workflow.record_meeting(None, people.officer, dt.date(2026, 2, 1), "Approved.")
    workflow.decide(None, people.officer, app, meeting, approved=True, amount_usd=Decimal(500))
    services.record_payment(None, people.officer, app.grant, "200", dt.date(2026, 2, 2))
    return app.grant


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_fund_tables_with_ledger_rows(
    people: People, funded: Donor, open_call
) -> None:
    _paid_grant(people, open_call)
    assert LedgerEntry.objects.count() == 2
    assert Payment.objects.count() == Contribution.objects.count() == 1
    call_command("flush", interactive=False, verbosity=0)
    for model in (LedgerEntry, Contribution, Payment, Grant, Donor):
        assert not model.objects.exists(), model
    if not on_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM fund_flush_guard")
            assert cursor.fetchone()[0] == 0  # the guard never outlives flush's transaction


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_ledger_rows_are_protected_again(people: People, funded: Donor) -> None:
    _assert_rows_refused(Contribution.objects.get())
    call_command("flush", interactive=False, verbosity=0)
    un = Organisation.objects.create(name="UN Secretariat", kind="un")
    officer = User.objects.create_user("officer2", "officer2@example.org", "x")
    Membership.objects.create(user=officer, organisation=un, role=Role.FUND_OFFICER)
    contribution = _books(officer)
    _assert_rows_refused(contribution)
    assert ledger.check().ok


@pytest.mark.django_db(transaction=True)
def test_a_failed_flush_leaves_the_books_and_the_guard_closed(
    people: People, funded: Donor
) -> None:
    """A flush that fails half-way rolls back: rows kept, the DELETE triggers armed."""
    if on_postgres():
        pytest.skip("the guard is SQLite's; PostgreSQL's flush is a TRUNCATE")
    with flush_allowed(connection), pytest.raises(DatabaseError):
        connection.ops.execute_sql_flush(
            ["DELETE FROM fund_ledgerentry;", "DELETE FROM no_such_table;"]
        )
    assert LedgerEntry.objects.count() == 1
    _assert_rows_refused(Contribution.objects.get())


@pytest.mark.django_db
def test_deleting_a_ledger_row_past_the_guard_is_reported(people: People, funded: Donor) -> None:
    """Whoever opens the guard (or drops the trigger) by hand is caught by the hash chain."""
    donor = Donor.objects.get()
    for day in (11, 12):
        services.record_contribution(
            None, people.officer, donor, services.MoneySpec(Decimal(5000)), dt.date(2024, 1, day)
        )
    entry = LedgerEntry.objects.get(seq=2)
    with connection.cursor() as cursor:
        if on_postgres():
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE fund_ledgerentry DISABLE TRIGGER fund_ledgerentry_append_only"
            )
        else:
            cursor.execute("INSERT INTO fund_flush_guard (id) VALUES (1)")
        cursor.execute("DELETE FROM fund_ledgerentry WHERE id = %s", [entry.pk])
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("fund", "ledger-check", "--json", stdout=out)
    assert exit_info.value.code == 2
    problems = {(p["table"], p["id"], p["problem"]) for p in json.loads(out.getvalue())["problems"]}
    assert ("fund_contribution", entry.contribution_id, "not in the ledger") in problems
    assert any(p[2] in {"sequence gap", "broken chain link"} for p in problems)
