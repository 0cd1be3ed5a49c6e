"""The ledger: append-only money rows, reconciliation, and a tampered row found by the check."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from palermo.fund import ledger, services, workflow
from palermo.fund.models import AppendOnlyError, Contribution, Donor, LedgerEntry
from tests.conftest import on_postgres
from tests.fund.conftest import People


def _check_json() -> tuple[int, dict]:
    out, err = StringIO(), StringIO()
    try:
        call_command("fund", "ledger-check", "--json", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.getvalue())


@pytest.mark.django_db
def test_foreign_currency_keeps_its_rate_and_totals_in_usd(people: People) -> None:
    donor = services.create_donor(None, people.officer, services.DonorSpec("state", "Examplia"))
    money = services.MoneySpec(
        Decimal("100000"), "EUR", Decimal("1.1234"), dt.date(2019, 1, 2), "UN operational rate"
    )
    c = services.record_contribution(None, people.officer, donor, money, dt.date(2019, 1, 3))
    assert c.amount_usd == Decimal("112340.00")
    assert c.receipt_number == "VTF-2019-000001"
    code, doc = _check_json()
    assert code == 0, doc
    assert doc["contributions_usd"] == "112340.00"
    assert doc["balance_usd"] == "112340.00"
    with pytest.raises(ValidationError, match="rate"):
        services.MoneySpec(Decimal(1), "EUR", Decimal("1.1")).checked()


@pytest.mark.django_db
def test_contributions_minus_payments_is_the_balance_and_reversals_keep_it(
    people: People, funded: Donor, open_call
) -> None:
    app = workflow.submit_application(
        None, people.applicant, open_call, people.ngo, title="Shelter", requested_usd=Decimal(50000)
    )
    meeting = workflow.record_meeting(None, people.officer, dt.date(2026, 2, 1), "Approved.")
    workflow.decide(None, people.officer, app, meeting, approved=True, amount_usd=Decimal(50000))
    grant = app.grant
    pay = services.record_payment(None, people.officer, grant, "20000", dt.date(2026, 2, 2))
    services.reverse_payment(None, people.officer, pay, "returned by the bank", dt.date(2026, 2, 3))
    services.record_payment(None, people.officer, grant, "30000", dt.date(2026, 2, 4))
    first = Contribution.objects.get()
    services.reverse_contribution(
        None, people.officer, first, "cheque bounced", dt.date(2026, 3, 1)
    )
    result = ledger.check()
    assert result.ok, result.problems
    assert result.contributions_usd == Decimal("0.00")
    assert result.payments_usd == Decimal("30000.00")
    assert result.balance_usd == result.ledger_balance_usd == Decimal("-30000.00")
    assert result.entries == 5
    with pytest.raises(ValidationError, match="already reversed"):
        services.reverse_contribution(None, people.officer, first, "again", dt.date(2026, 3, 2))


@pytest.mark.django_db
def test_money_rows_are_never_deleted_or_updated(people: People, funded: Donor) -> None:
    c = Contribution.objects.get()
    with pytest.raises(AppendOnlyError):
        c.delete()
    with pytest.raises(AppendOnlyError):
        Contribution.objects.all().delete()
    c.amount_usd = Decimal(1)
    with pytest.raises(AppendOnlyError):
        c.save()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.update(memo="x")
    # The database refuses too, whoever asks (raw SQL).
    for sql in (
        "DELETE FROM fund_ledgerentry",
        "UPDATE fund_contribution SET amount_usd = 1",
        "UPDATE fund_ledgerentry SET amount_usd = 1",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def _drop_guard(cursor, table: str) -> None:
    """What a DBA could do: remove the trigger. The hash chain must still catch the change."""
    if on_postgres():
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    else:
        cursor.execute(f"DROP TRIGGER {table}_no_update")


@pytest.mark.django_db
def test_ledger_check_fails_on_a_tampered_ledger_row(people: People, funded: Donor) -> None:
    donor = Donor.objects.get()
    for day in (11, 12):
        services.record_contribution(
            None, people.officer, donor, services.MoneySpec(Decimal(5000)), dt.date(2024, 1, day)
        )
    assert _check_json()[0] == 0
    entry = LedgerEntry.objects.get(seq=2)
    with connection.cursor() as cursor:
        _drop_guard(cursor, "fund_ledgerentry")
        cursor.execute("UPDATE fund_ledgerentry SET amount_usd = 50000 WHERE id = %s", [entry.pk])
    code, doc = _check_json()
    assert code == 2
    assert doc["reconciles"] is False
    problems = {(p["table"], p["id"], p["problem"]) for p in doc["problems"]}
    assert ("fund_ledgerentry", entry.pk, "hash mismatch (row changed)") in problems
    assert ("fund_contribution", entry.contribution_id, "differs from its ledger entry") in problems


@pytest.mark.django_db
def test_ledger_check_fails_on_a_tampered_contribution(people: People, funded: Donor) -> None:
    c = Contribution.objects.get()
    with connection.cursor() as cursor:
        _drop_guard(cursor, "fund_contribution")
        cursor.execute(
            "UPDATE fund_contribution SET amount = 10, amount_usd = 10 WHERE id = %s", [c.pk]
        )
    code, doc = _check_json()
    assert code == 2
    assert {"table": "fund_contribution", "id": c.pk} in [
        {k: p[k] for k in ("table", "id")} for p in doc["problems"]
    ]


@pytest.mark.django_db
def test_a_forged_entry_rehashed_by_hand_still_breaks_the_chain(
    people: People, funded: Donor
) -> None:
    donor = Donor.objects.get()
    services.record_contribution(
        None, people.officer, donor, services.MoneySpec(Decimal(7)), dt.date(2024, 2, 1)
    )
    first = LedgerEntry.objects.get(seq=1)
    forged = {f: getattr(first, f) for f in ("seq", "kind", "booked_on", "memo", "prev_hash")}
    forged |= {"amount_usd": Decimal(2), "contribution_id": first.contribution_id}
    with connection.cursor() as cursor:
        _drop_guard(cursor, "fund_ledgerentry")
        cursor.execute(
            "UPDATE fund_ledgerentry SET amount_usd = 2, hash = %s WHERE id = %s",
            [ledger.entry_hash(forged), first.pk],
        )
    problems = {p["problem"] for p in ledger.check().problems}
    assert "broken chain link" in problems  # entry 2 still points at the old hash
