"""Responding States in French collation order, as A/74/127 para. 6 prints them."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from palermo.reference.models import Country
from palermo.reporting import collation, services
from palermo.reporting.demo import SEED, load_demo
from palermo.reporting.models import Submission
from tests.reporting.conftest import World

SEED_ORDER = json.loads(SEED.read_text(encoding="utf-8"))["responders_fr"]


def test_the_four_names_of_the_seed_in_french_order() -> None:
    names = ["États-Unis d’Amérique", "Estonie", "Émirats arabes unis", "Égypte"]
    assert collation.collate(names, "fr") == [
        "Égypte",
        "Émirats arabes unis",
        "Estonie",
        "États-Unis d’Amérique",
    ]
    # Code-point order would put every accented capital after Z: the reason for a collator.
    assert sorted(names) != collation.collate(names, "fr")


def test_the_full_seed_list_is_in_collation_order() -> None:
    assert len(SEED_ORDER) == 45
    assert collation.collate(reversed(SEED_ORDER), "fr") == SEED_ORDER


@pytest.mark.django_db
def test_responders_command_sorts_french_and_english(
    world: World, countries: dict[str, Country]
) -> None:
    for iso3 in ("USA", "ARE"):
        org = world.egypt.__class__.objects.create(
            name=f"Focal {iso3}", kind="state", country_iso3=iso3
        )
        services.invite(None, None, world.round, [org])
        sub = services.save_answers(None, None, world.round, org, {"comments": "x"})
        services.submit(None, None, sub)
    for org in (world.egypt, world.estonia):
        sub = services.save_answers(None, None, world.round, org, {"comments": "x"})
        services.submit(None, None, sub)
        services.review(None, None, sub, "accept")

    def run(*args: str) -> dict[str, Any]:
        out = StringIO()
        call_command("rounds", "responders", world.round.code, *args, "--json", stdout=out)
        return json.loads(out.getvalue())  # type: ignore[no-any-return]

    fr = run("--lang", "fr")
    assert [r["name"] for r in fr["responders"]] == [
        "Égypte",
        "Émirats arabes unis",
        "Estonie",
        "États-Unis d’Amérique",
    ]
    assert fr["collation"] in ("icu", "pyuca")
    en = run("--lang", "en")
    assert [r["iso3"] for r in en["responders"]] == ["EGY", "EST", "ARE", "USA"]
    assert [r["iso3"] for r in run("--lang", "fr", "--accepted")["responders"]] == ["EGY", "EST"]


@pytest.mark.django_db
def test_unknown_round_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no reporting round 'nope'"):
        call_command("rounds", "responders", "nope")


def test_the_demo_round_lists_the_45_states_in_the_seeds_order(
    reference_db: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        try:
            counts = load_demo(StringIO())
            assert load_demo(StringIO())["submissions"] == 0  # idempotent
            out = StringIO()
            call_command("rounds", "responders", "a-74-127", "--lang", "fr", "--json", stdout=out)
            doc = json.loads(out.getvalue())
            names = [r["name"].replace("'", "’") for r in doc["responders"]]
            assert doc["count"] == 45
            assert names == SEED_ORDER
            assert (
                Submission.objects.filter(
                    round__code="a-74-127", status="accepted", is_demo=True
                ).count()
                == 45
            )
            assert counts["rounds"] >= 1
        finally:
            from palermo.accounts.models import Organisation
            from palermo.reporting.models import Round

            Round.objects.filter(is_demo=True).delete()
            Organisation.objects.filter(short_name__startswith="DEMO-").delete()


@pytest.mark.django_db
def test_the_round_page_in_french_lists_responders_in_french_order(world: World) -> None:
    from django.conf import settings
    from django.urls import reverse

    from tests.reporting.conftest import logged_in

    for org in (world.estonia, world.egypt):
        services.submit(None, None, services.save_answers(None, None, world.round, org, {}))
    client = logged_in(world.analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("reporting:round", args=[world.round.pk])).content.decode()
    assert "Taux de réponse par région" in page
    assert "Égypte, Estonie" in page
    assert "Entités des Nations Unies" in page
