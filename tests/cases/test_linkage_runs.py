"""Linkage runs in the platform: decisions across reruns, organisation scope, killed runs, capture."""

from __future__ import annotations

import json
from io import StringIO

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from palermo.accounts.models import AuditLog, User
from palermo.cases import clustering, linkage, review
from palermo.cases.models import LinkageStatus, PersonLink, ReviewPair, Source
from tests.cases.conftest import World
from tests.cases.linkage_fixtures import case, fake_engine  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_engine")]


def person_of(run_pk: int, c: object) -> str:
    return PersonLink.objects.get(run_id=run_pk, case=c).person


def setup_a(world: World) -> dict[str, object]:
    hotline = Source.objects.create(organisation=world.org_a, name="hotline-a")
    return {
        "olena_p": case(world.source_a, "Olena", "Kovalenko", gender="Feminine", year=2020),
        "olena_h": case(hotline, "Olena", "Kovalenko", gender="Feminine", year=2020),
        "ivan_p": case(world.source_a, "Ivan", "Petrov", gender="Masculine", year=2021),
        "igor_h": case(hotline, "Igor", "Petrov", gender="Masculine", year=2021),
        "ana_h": case(hotline, "Ana", "Silva", gender="Feminine", year=2021),
    }


def test_run_links_and_queues_the_uncertain_band(world: World) -> None:
    c = setup_a(world)
    run = linkage.execute_run(linkage.create_run(world.users["worker_a"]), world.users["worker_a"])
    assert run.status == LinkageStatus.DONE
    assert run.is_current
    assert (run.records, run.persons, run.review_pairs) == (5, 4, 1)
    assert person_of(run.pk, c["olena_p"]) == person_of(run.pk, c["olena_h"])
    queue = review.review_queue(world.users["worker_a"], run)
    assert [(p.case_l_id, p.case_r_id) for p in queue] == [(c["ivan_p"].pk, c["igor_h"].pk)]
    assert AuditLog.objects.filter(action="cases.linkage.create").count() == 1


def test_no_clear_identifier_is_stored_by_a_run(world: World) -> None:
    setup_a(world)
    linkage.execute_run(linkage.create_run(world.users["worker_a"]), world.users["worker_a"])
    tables = ["cases_linkagerun", "cases_personlink", "cases_reviewpair"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert "Kovalenko" not in repr(cursor.fetchall())


def test_rerun_keeps_review_decisions(world: World) -> None:
    c = setup_a(world)
    user = world.users["worker_a"]
    first = linkage.execute_run(linkage.create_run(user), user)
    # accept the uncertain pair; reject a pair the model merges at 0.99
    review.decide(None, user, c["ivan_p"], c["igor_h"], "accept", 0.7)
    review.decide(None, user, c["olena_p"], c["olena_h"], "reject", 0.99)
    second = linkage.execute_run(linkage.create_run(user), user)
    assert person_of(second.pk, c["ivan_p"]) == person_of(second.pk, c["igor_h"])
    assert person_of(second.pk, c["olena_p"]) != person_of(second.pk, c["olena_h"])
    assert second.review_pairs == 0
    assert not review.review_queue(user, second).exists()
    third = linkage.execute_run(linkage.create_run(user), user)
    assert person_of(third.pk, c["olena_p"]) != person_of(third.pk, c["olena_h"])
    # the previous run's rows are gone, the run is kept, only the last one is in force
    assert not PersonLink.objects.filter(run=first).exists()
    assert list(linkage.runs_visible_to(user).filter(is_current=True)) == [third]
    assert AuditLog.objects.filter(action="cases.match.create").count() == 2


def test_person_ids_are_stable_across_reruns(world: World) -> None:
    c = setup_a(world)
    user = world.users["worker_a"]
    one = linkage.execute_run(linkage.create_run(user), user)
    before = {k: person_of(one.pk, v) for k, v in c.items()}
    two = linkage.execute_run(linkage.create_run(user), user)
    assert {k: person_of(two.pk, v) for k, v in c.items()} == before
    assert before["ana_h"] == c["ana_h"].pid
    olena = sorted([c["olena_p"], c["olena_h"]], key=lambda x: f"{x.source.name}::{x.pid}")[0]
    assert before["olena_p"] == before["olena_h"] == olena.pid


def test_review_queue_never_shows_another_organisation(world: World) -> None:
    c = setup_a(world)
    b1 = case(world.source_b, "Ivan", "Petrov", gender="Masculine", year=2021)
    b2 = case(world.source_b, "Iван", "Petrov", gender="Masculine", year=2021)
    root = User.objects.create(username="root", is_superuser=True)
    both = linkage.execute_run(linkage.create_run(root), root)
    assert set(both.organisations.all()) == {world.org_a, world.org_b}
    worker_a = world.users["worker_a"]
    # the run over both organisations is not worker_a's to read at all
    assert linkage.current_run_for(worker_a) is None
    assert not linkage.runs_visible_to(worker_a).filter(pk=both.pk).exists()
    # even handed that run, the queue holds no pair with a record of B
    queue = review.review_queue(worker_a, both)
    b_ids = {b1.pk, b2.pk}
    assert queue.exists()
    assert all(p.case_l_id not in b_ids and p.case_r_id not in b_ids for p in queue)
    cross = ReviewPair.objects.filter(run=both, case_r__in=b_ids).first()
    assert cross is not None
    assert review.pair_for(worker_a, cross.pk) is None
    with pytest.raises(PermissionDenied):
        review.decide(None, worker_a, c["ivan_p"], b1, "reject")
    # Ivan of A and Ivan of B are one person in that run: worker_a's page of him shows A's only
    records = review.person_records(worker_a, both, person_of(both.pk, b1))
    assert list(records) == [c["ivan_p"]]


def test_a_killed_run_leaves_the_previous_clusters_in_force(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = setup_a(world)
    user = world.users["worker_a"]
    good = linkage.execute_run(linkage.create_run(user), user)
    before = set(PersonLink.objects.filter(run=good).values_list("case", "person"))

    def dies(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed while saving")

    # dies inside the final transaction, after the old rows were deleted: all rolled back
    monkeypatch.setattr(ReviewPair.objects, "bulk_create", dies)
    broken = linkage.create_run(user)
    with pytest.raises(RuntimeError):
        linkage.execute_run(broken, user)
    broken.refresh_from_db()
    assert broken.status == LinkageStatus.FAILED
    assert "killed" in broken.message
    assert not broken.is_current
    assert linkage.current_run_for(user) == good
    assert set(PersonLink.objects.filter(run=good).values_list("case", "person")) == before
    assert not PersonLink.objects.filter(run=broken).exists()
    # and while linking
    monkeypatch.setattr(linkage, "ENGINE", dies)
    with pytest.raises(RuntimeError):
        linkage.execute_run(linkage.create_run(user), user)
    assert linkage.current_run_for(user) == good
    assert review.person_records(user, good, person_of(good.pk, c["olena_p"])).count() == 2


def test_a_stalled_run_does_not_block_a_new_one(world: World) -> None:
    setup_a(world)
    user = world.users["worker_a"]
    stuck = linkage.create_run(user)
    with pytest.raises(linkage.LinkageRefused):
        linkage.create_run(user)
    from django.test import override_settings

    with override_settings(PALERMO_LINKAGE_STALL_SECONDS=-1):
        assert linkage.stalled(stuck)
        assert linkage.create_run(user).pk != stuck.pk


def test_capture_table_sums_to_the_number_of_persons(world: World) -> None:
    setup_a(world)
    user = world.users["worker_a"]
    run = linkage.execute_run(linkage.create_run(user), user)
    plain = linkage.capture_table_for(user)
    assert list(plain.columns) == ["hotline-a", "police-a", "count"]
    assert int(plain["count"].sum()) == run.persons == 4
    by = linkage.capture_table_for(user, strata=linkage.STRATA)
    assert int(by["count"].sum()) == 4
    assert set(by["sex"]) == {"female", "male"}
    assert set(by["year"]) == {"2020", "2021"}
    women = linkage.capture_table_for(user, filters={"sex": "female"})
    assert int(women["count"].sum()) == 2
    row = women[(women["hotline-a"] == 1) & (women["police-a"] == 1)]
    assert int(row["count"].sum()) == 1  # Olena, seen by both
    with pytest.raises(ValueError, match="unknown stratum"):
        linkage.capture_table_for(user, strata=("religion",))


def test_cli_link_run(world: World) -> None:
    setup_a(world)
    case(world.source_b, "Ana", "Silva")
    out = StringIO()
    call_command("cases", "link-run", "--organisation", "A", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["status"] == "done"
    assert result["records"] == 5
    assert result["organisations"] == ["A"]
    out = StringIO()
    call_command("cases", "link-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["records"] == 6


def test_constraints_rejection_wins_and_splits_chains() -> None:
    label = {1: "s::a", 2: "s::b", 3: "s::c"}
    pairs = [clustering.Pair(1, 2, 0.99), clustering.Pair(2, 3, 0.98)]
    plain = clustering.persons_from_pairs(label, pairs, 0.95, set(), set())
    assert plain.persons == 1
    assert set(plain.person_of.values()) == {1}
    split = clustering.persons_from_pairs(label, pairs, 0.95, set(), {(1, 3)})
    assert split.persons == 2
    assert split.person_of[1] != split.person_of[3]
    assert split.person_of[2] == split.person_of[1]  # the stronger link wins the middle record
    conflict = clustering.persons_from_pairs(label, [], 0.95, {(1, 2), (2, 3)}, {(1, 3)})
    assert conflict.person_of[1] != conflict.person_of[3]
    assert conflict.alerts


def test_engine_frame_columns(world: World) -> None:
    setup_a(world)
    run = linkage.create_run(world.users["worker_a"])
    frame, pks = linkage.records_frame(linkage.linkage_cases(world.users["worker_a"]), run)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(pks) == 5
    assert set(frame["last_name"]) == {"Kovalenko", "Petrov", "Silva"}


def test_a_link_cut_by_the_chain_guard_keeps_persons_apart_and_goes_to_review(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palermo import linkage as engine
    from tests.cases.linkage_fixtures import fake_link

    def guarded(records: pd.DataFrame, options: engine.LinkageOptions) -> engine.LinkageResult:
        result = fake_link(records, options)
        # the engine's guard cut the Olena link (0.99, above the threshold): it is in review
        strong = result.pairs[result.pairs["match_probability"] >= options.threshold]
        result.review = pd.concat([result.review, strong.head(1)], ignore_index=True)
        return result

    monkeypatch.setattr(linkage, "ENGINE", guarded)
    c = setup_a(world)
    run = linkage.execute_run(linkage.create_run(world.users["worker_a"]), world.users["worker_a"])
    assert person_of(run.pk, c["olena_p"]) != person_of(run.pk, c["olena_h"])
    queue = review.review_queue(world.users["worker_a"], run)
    pairs = {(p.case_l_id, p.case_r_id) for p in queue}
    olena = tuple(sorted((c["olena_p"].pk, c["olena_h"].pk)))
    assert olena in pairs
    assert (run.persons, run.review_pairs) == (5, 2)
