"""The fund's ledger: append an entry to the hash chain, and prove that the books reconcile.

Every contribution and every payment (reversals included, with their sign) gets exactly one ledger
entry. ``check()`` recomputes the chain and compares it with the money tables:

- the chain: sequence numbers 1..n without gaps, each ``prev_hash`` equal to the previous entry's
  hash, each ``hash`` equal to SHA-256 over the row's facts and ``prev_hash`` (a tamper-evident log,
  as in Crosby & Wallach, "Efficient Data Structures for Tamper-Evident Logging", USENIX Security
  2009, reduced to a linear chain);
- each contribution's USD amount equals its amount times its recorded rate, and its entry's amount;
  each payment's amount equals its entry's amount (negated); no entry without its row;
- contributions minus payments equals the ledger's balance; no grant is paid more than its amount.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.db.models import Sum

from palermo.fund.models import (
    CENT,
    Contribution,
    EntryKind,
    Grant,
    LedgerEntry,
    Payment,
)

GENESIS = "0" * 64


def usd(amount: Decimal, rate: Decimal) -> Decimal:
    """USD value of ``amount`` at ``rate`` (USD per unit), rounded half-even to the cent."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _canonical(entry: LedgerEntry | dict[str, Any]) -> str:
    get = entry.get if isinstance(entry, dict) else lambda k: getattr(entry, k)
    amount = Decimal(get("amount_usd")).quantize(CENT)
    parts = [
        str(get("seq")),
        str(get("kind")),
        f"{amount:f}",
        str(get("booked_on")),
        str(get("contribution_id") or ""),
        str(get("payment_id") or ""),
        str(get("memo") or ""),
        str(get("prev_hash")),
    ]
    return "|".join(parts)


def entry_hash(entry: LedgerEntry | dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(entry).encode("utf-8")).hexdigest()


def append(
    *, contribution: Contribution | None = None, payment: Payment | None = None
) -> LedgerEntry:
    """Book one contribution (+) or payment (-) at the end of the chain. Call inside a transaction.

    Two concurrent appends read the same head and build the same ``seq``: the unique constraint
    makes the second fail instead of forking the chain.
    """
    if (contribution is None) == (payment is None):
        raise ValueError("book exactly one of a contribution or a payment")
    head = LedgerEntry.objects.order_by("-seq").first()
    facts: dict[str, Any] = {
        "seq": (head.seq + 1) if head else 1,
        "prev_hash": head.hash if head else GENESIS,
    }
    if contribution is not None:
        facts |= {
            "kind": EntryKind.CONTRIBUTION,
            "amount_usd": contribution.amount_usd,
            "booked_on": contribution.received_on,
            "contribution_id": contribution.pk,
            "memo": contribution.receipt_number,
        }
    else:
        assert payment is not None
        facts |= {
            "kind": EntryKind.PAYMENT,
            "amount_usd": -payment.amount_usd,
            "booked_on": payment.paid_on,
            "payment_id": payment.pk,
            "memo": payment.grant.number,
        }
    facts["hash"] = entry_hash(facts)
    return LedgerEntry.objects.create(**facts)


@dataclass
class CheckResult:
    contributions_usd: Decimal = Decimal("0.00")
    payments_usd: Decimal = Decimal("0.00")
    ledger_balance_usd: Decimal = Decimal("0.00")
    entries: int = 0
    head: str = GENESIS
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def balance_usd(self) -> Decimal:
        return self.contributions_usd - self.payments_usd

    def as_dict(self) -> dict[str, Any]:
        return {
            "reconciles": self.ok,
            "contributions_usd": f"{self.contributions_usd:.2f}",
            "payments_usd": f"{self.payments_usd:.2f}",
            "balance_usd": f"{self.balance_usd:.2f}",
            "ledger_balance_usd": f"{self.ledger_balance_usd:.2f}",
            "entries": self.entries,
            "head": self.head,
            "problems": self.problems,
        }


def _problem(table: str, row_id: Any, problem: str, **details: Any) -> dict[str, Any]:
    return {"table": table, "id": row_id, "problem": problem, **details}


def _check_chain(result: CheckResult) -> dict[int, LedgerEntry]:
    by_contribution: dict[int, LedgerEntry] = {}
    by_payment: dict[int, LedgerEntry] = {}
    prev, expected_seq = GENESIS, 1
    for entry in LedgerEntry.objects.order_by("seq").iterator():
        result.entries += 1
        result.ledger_balance_usd += entry.amount_usd
        if entry.seq != expected_seq:
            result.problems.append(
                _problem("fund_ledgerentry", entry.pk, "sequence gap", seq=entry.seq)
            )
        if entry.prev_hash != prev:
            result.problems.append(
                _problem("fund_ledgerentry", entry.pk, "broken chain link", seq=entry.seq)
            )
        if entry_hash(entry) != entry.hash:
            result.problems.append(
                _problem("fund_ledgerentry", entry.pk, "hash mismatch (row changed)", seq=entry.seq)
            )
        prev, expected_seq = entry.hash, entry.seq + 1
        if entry.contribution_id:
            by_contribution[entry.contribution_id] = entry
        if entry.payment_id:
            by_payment[entry.payment_id] = entry
    result.head = prev
    _check_rows(result, by_contribution, by_payment)
    return by_contribution


def _check_rows(
    result: CheckResult, by_contribution: dict[int, LedgerEntry], by_payment: dict[int, LedgerEntry]
) -> None:
    for c in Contribution.objects.order_by("pk").iterator():
        result.contributions_usd += c.amount_usd
        if usd(c.amount, c.usd_rate) != c.amount_usd:
            result.problems.append(
                _problem(
                    "fund_contribution",
                    c.pk,
                    "amount_usd is not amount x usd_rate",
                    amount_usd=f"{c.amount_usd}",
                    expected=f"{usd(c.amount, c.usd_rate)}",
                )
            )
        entry = by_contribution.pop(c.pk, None)
        if entry is None:
            result.problems.append(_problem("fund_contribution", c.pk, "not in the ledger"))
        elif entry.amount_usd != c.amount_usd:
            result.problems.append(
                _problem(
                    "fund_contribution",
                    c.pk,
                    "differs from its ledger entry",
                    amount_usd=f"{c.amount_usd}",
                    ledger=f"{entry.amount_usd}",
                    seq=entry.seq,
                )
            )
    for p in Payment.objects.order_by("pk").iterator():
        result.payments_usd += p.amount_usd
        entry = by_payment.pop(p.pk, None)
        if entry is None:
            result.problems.append(_problem("fund_payment", p.pk, "not in the ledger"))
        elif entry.amount_usd != -p.amount_usd:
            result.problems.append(
                _problem(
                    "fund_payment",
                    p.pk,
                    "differs from its ledger entry",
                    amount_usd=f"{p.amount_usd}",
                    ledger=f"{entry.amount_usd}",
                    seq=entry.seq,
                )
            )
    for entry in [*by_contribution.values(), *by_payment.values()]:
        result.problems.append(
            _problem("fund_ledgerentry", entry.pk, "entry without its row", seq=entry.seq)
        )
    # A ledger entry that is neither (both ids null) is caught by the hash only if forged badly;
    # count them explicitly.
    for entry in LedgerEntry.objects.filter(contribution__isnull=True, payment__isnull=True):
        result.problems.append(
            _problem("fund_ledgerentry", entry.pk, "entry books nothing", seq=entry.seq)
        )


def check() -> CheckResult:
    """Recompute the chain and reconcile it with contributions and payments."""
    result = CheckResult()
    _check_chain(result)
    if result.balance_usd != result.ledger_balance_usd:
        result.problems.append(
            _problem(
                "fund_ledgerentry",
                None,
                "contributions minus payments differs from the ledger balance",
                balance_usd=f"{result.balance_usd}",
                ledger_balance_usd=f"{result.ledger_balance_usd}",
            )
        )
    overpaid = (
        Grant.objects.annotate(paid=Sum("payments__amount_usd"))
        .filter(paid__gt=0)
        .values_list("pk", "number", "amount_usd", "paid")
    )
    for pk, number, amount, paid in overpaid:
        if paid > amount:
            result.problems.append(
                _problem("fund_grant", pk, "paid more than granted", number=number, paid=f"{paid}")
            )
    return result


def balance_usd() -> Decimal:
    """The fund's balance from the ledger (what is available to pay)."""
    total = LedgerEntry.objects.aggregate(s=Sum("amount_usd"))["s"]
    return total if total is not None else Decimal("0.00")
