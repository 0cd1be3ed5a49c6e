"""End to end with the real engine: multi-agency records in the vault -> a run -> persons close to
the truth -> capture table -> an estimation run (the estimation app's from_cases service)."""

from __future__ import annotations

import json
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from palermo.cases import linkage, vault
from palermo.cases.models import CaseRecord, PersonLink, Source
from palermo.estimation import from_cases, services
from palermo.estimation.models import EstimationRun
from palermo.linkage import cluster_scores, generate_hard_set
from tests.cases.conftest import World

GENDER = {"M": "Masculine", "F": "Feminine"}


def _load(world: World, records: int = 200) -> dict[int, str]:
    """The hard set's records as case records of organisation A; case pk -> true person."""
    hard = generate_hard_set(records, seed=5)
    truth = {
        (r, s): p
        for r, s, p in hard.truth[["record_id", "source", "person_id"]].itertuples(index=False)
    }
    sources = {
        name: Source.objects.create(organisation=world.org_a, name=name)
        for name in hard.records["source"].unique()
    }
    out = {}
    for row in hard.records.itertuples(index=False):
        ids = {
            "prs_FirstName": row.first_name,
            "prs_SecondName": row.last_name,
            "prs_Birthdate": row.date_of_birth,
            "prs_MobilePhone": row.phone,
            "prs_IdentityNumber": row.document_number,
            "prs_MailingStreet": row.address,
            "prs_MailingCity": row.city,
            "prs_MailingPostalCode": row.postcode,
        }
        made = CaseRecord.objects.create(
            source=sources[row.source],
            vault=vault.encrypt({k: str(v) for k, v in ids.items() if v}),
            gender=GENDER.get(str(row.sex), ""),
            citizenship=str(row.nationality or "")[:2],
            year=2021,
        )
        out[made.pk] = str(truth[(row.record_id, row.source)])
    return out


@pytest.mark.django_db
def test_real_engine_run_then_estimate(world: World) -> None:
    truth = _load(world)
    out = StringIO()
    call_command("cases", "link-run", "--organisation", "A", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["status"] == "done"
    assert result["records"] == len(truth)
    run = linkage.current_run_for(world.users["focal_a"])
    assert run is not None
    assert run.pk == result["run"]
    links = dict(PersonLink.objects.filter(run=run).values_list("case", "person"))
    scores = cluster_scores(
        pd.DataFrame({"record_id": list(links), "cluster_id": list(links.values())}),
        pd.DataFrame({"record_id": list(truth), "person_id": list(truth.values())}),
    )
    assert scores["f1"] >= 0.85, scores
    table = linkage.capture_table_for(world.users["focal_a"])
    assert int(table["count"].sum()) == run.persons == len(set(links.values()))
    # the estimation app turns it into a stored run (focal points may run estimates)
    spec = services.RunSpec(name="linked cases", organisation=world.org_a, year=2021)
    estimate = from_cases.estimate_from_cases(None, world.users["focal_a"], spec)
    assert isinstance(estimate, EstimationRun)
    assert estimate.observed == run.persons
    assert estimate.lists == sorted(
        Source.objects.filter(cases__isnull=False).distinct().values_list("name", flat=True)
    )
