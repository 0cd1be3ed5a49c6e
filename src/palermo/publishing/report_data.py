"""Report sections computed from the platform's data: II, III A/B, IV, V, VI, VII and VIII.

Every figure is a ``Figure`` with the query and rows behind it. When the function a section reads
is not there (its app has not exported it yet, or holds no data for the period) the section says
so in the text (``sources.Unavailable``), never with a made-up number.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

import pyuca

from palermo.publishing import grammar, sources
from palermo.publishing.document import Figure, Paragraph
from palermo.publishing.grammar import count, listing
from palermo.publishing.sections import Context, ReportSection, register, sentence

_COLLATOR = pyuca.Collator()


def collate(names: list[str]) -> list[str]:
    """French and English readers' order (Égypte before Estonie): Unicode collation (DUCET)."""
    return sorted(names, key=_COLLATOR.sort_key)


@cache
def _entities() -> dict[str, dict[str, str]]:
    with (grammar.DATA / "entity_names.csv").open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def entity(key: str, lang: str, fallback: str = "") -> str:
    """ "l'ONUDC", "ONU-Femmes", "le HCDH" / "UNODC", "the Council of Europe"."""
    row = _entities().get(key)
    if row is None:
        return fallback or key
    return grammar.CountryName(key, row[f"short_{lang}"], row[f"article_{lang}"]).phrase()


def entity_name(key: str, lang: str, fallback: str = "") -> str:
    row = _entities().get(key)
    return row[f"name_{lang}"] if row else (fallback or key)


@register
class Ratification(ReportSection):
    key = "ratification"
    order = 2
    label = "II"
    titles = {
        "fr": "État des ratifications du Protocole visant à prévenir, réprimer et punir la traite "
        "des personnes, en particulier des femmes et des enfants, et progrès accomplis par les "
        "États Membres vers l’incrimination de toutes les formes de traite des personnes",
        "en": "Status of ratification of the Protocol to Prevent, Suppress and Punish Trafficking "
        "in Persons, Especially Women and Children, and progress made by Member States towards "
        "the criminalization of all forms of trafficking in persons",
    }

    def build(self, ctx: Context) -> list[Paragraph]:
        return [self._ratifications(ctx), self._criminalisation(ctx), self._convictions(ctx)]

    def _ratifications(self, ctx: Context) -> Paragraph:
        lang = ctx.lang
        rows = sources.ratifications(ctx.spec.date_from, ctx.spec.date_to)
        intro = ctx.t(
            f"Dans sa résolution {ctx.res}, l’Assemblée générale a exhorté les États Membres qui ne "
            "l’avaient pas encore fait à envisager de ratifier dans les meilleurs délais la "
            "Convention des Nations Unies contre la criminalité transnationale organisée et le "
            "Protocole additionnel y relatif visant à prévenir, réprimer et punir la traite des "
            "personnes, en particulier des femmes et des enfants, ou d’y adhérer. ",
            f"In its resolution {ctx.res}, the General Assembly urged Member States that had not "
            "yet done so to consider ratifying or acceding to the United Nations Convention against "
            "Transnational Organized Crime and the Protocol to Prevent, Suppress and Punish "
            "Trafficking in Persons, Especially Women and Children, supplementing it, as a matter "
            "of priority. ",
        )
        members = [r for r in rows.value if not r["observer"] and not r["organisation"]]
        observers = [r for r in rows.value if r["observer"]]
        parts: list[Any] = [intro]
        protocol = ctx.t(
            "le Protocole relatif à la traite des personnes", "the Trafficking in Persons Protocol"
        )

        def enumerate_(group: list[dict[str, Any]]) -> Figure:
            named = {
                r["iso3"]: grammar.country_name(r["iso3"], lang, r[f"name_{lang}"]) for r in group
            }
            order = collate([n.name for n in named.values()])
            by_name = {n.name: (iso3, n) for iso3, n in named.items()}
            dates = {r["iso3"]: r["date"] for r in group}
            words = [
                f"{by_name[name][1].phrase()} ({grammar.date(dates[by_name[name][0]], lang)})"
                for name in order
            ]
            data = [
                {"iso3": r["iso3"], "action": r["action"], "date": r["date"].isoformat(),
                 "source": r["source"]}
                for r in group
            ]  # fmt: skip
            return Figure(listing(words, lang), rows.query, data)

        if members:
            states = (
                count(len(members), "État", "États", "fr")
                if lang == "fr"
                else count(len(members), "State", "States", "en")
            )
            verb = ctx.t("ont ratifié" if len(members) > 1 else "a ratifié", "ratified")
            parts += [
                ctx.t("Au cours de la période considérée, ", "During the reporting period, "),
                Figure(states, rows.query, [{"count": len(members)}]),
                f" {verb} {protocol} : " if lang == "fr" else f" {verb} {protocol}: ",
                enumerate_(members),
                ".",
            ]
        else:
            parts.append(
                ctx.t(
                    "Aucun État Membre n’a ratifié le Protocole relatif à la traite des personnes "
                    "ni n’y a adhéré au cours de la période considérée.",
                    "No Member State ratified or acceded to the Trafficking in Persons Protocol "
                    "during the reporting period.",
                )
            )
        if observers:
            n = len(observers)
            who = ctx.t(
                "un État non membre observateur" if n == 1
                else f"{grammar.cardinal(n, 'fr')} États non membres observateurs",
                "one non-member observer State" if n == 1
                else f"{grammar.cardinal(n, 'en')} non-member observer States",
            )  # fmt: skip
            parts += [
                ctx.t(
                    " Le Protocole a également été ratifié par ",
                    " The Protocol was also ratified by ",
                ),
                who,
                ctx.t(" : ", ": "),
                enumerate_(observers),
                ".",
            ]
        return Paragraph(sentence(ctx, *parts))

    def _criminalisation(self, ctx: Context) -> Paragraph:
        lang = ctx.lang
        data = sources.criminalisation(ctx.spec.date_to.year)
        v = data.value
        levels = list(v["levels"].values())
        full, partial, none = (levels.count(k) for k in ("full", "partial", "none"))
        total = len(levels)
        rows = [{"year": v["year"], "full": full, "partial": partial, "none": none, "total": total}]
        fig = lambda text: Figure(text, data.query, rows)  # noqa: E731
        cite = "; ".join(v["sources"])

        def pays(n):
            return (
                count(n, "pays", "pays", "fr")
                if lang == "fr"
                else count(n, "country", "countries", "en")
            )

        if lang == "fr":
            parts: list[Any] = [
                f"Selon les données sur la législation dont dispose la plateforme ({cite}), en "
                f"{v['year']}, ",
                fig(f"{grammar.cardinal(full, 'fr')} pays sur les {grammar.number(total, 'fr')} examinés"),
                " avaient mis en place une législation incriminant la traite des personnes "
                "conformément au Protocole. Sur les ",
                fig(pays(total - full)), " restants, ", fig(grammar.cardinal(partial, "fr")),
                " avaient une législation qui n’incriminait que certains aspects de la définition "
                "de la traite et ", fig(grammar.cardinal(none, "fr")),
                " n’avaient pas de législation incriminant la traite des personnes.",
            ]  # fmt: skip
        else:
            parts = [
                f"According to the legislation data held by the platform ({cite}), in {v['year']}, ",
                fig(f"{grammar.cardinal(full, 'en')} of the {grammar.number(total, 'en')} countries covered"),
                " had legislation criminalizing trafficking in persons in line with the Protocol. Of "
                "the remaining ", fig(pays(total - full)), ", ", fig(grammar.cardinal(partial, "en")),
                " had legislation that criminalized only some aspects of the definition of "
                "trafficking and ", fig(grammar.cardinal(none, "en")),
                " had no legislation criminalizing trafficking in persons.",
            ]  # fmt: skip
        if v["previous_year"]:
            moved = v["moved_to_full"]
            moved_fig = Figure(pays(len(moved)), data.query, [{"iso3": i} for i in moved])
            parts += [
                ctx.t(f" Entre {v['previous_year']} et {v['year']}, ",
                      f" Between {v['previous_year']} and {v['year']}, "),
                moved_fig,
                ctx.t(
                    " ont adopté une législation ou modifié la législation existante, la rendant "
                    "ainsi pleinement conforme à la définition de la traite figurant dans le "
                    "Protocole." if len(moved) > 1 else
                    " a adopté une législation ou modifié la législation existante, la rendant "
                    "ainsi pleinement conforme à la définition de la traite figurant dans le "
                    "Protocole.",
                    " adopted new legislation or amended existing legislation, bringing it fully "
                    "into line with the definition of trafficking in the Protocol.",
                ),
            ]  # fmt: skip
        return Paragraph(sentence(ctx, *parts))

    def _convictions(self, ctx: Context) -> Paragraph:
        from palermo.publishing.sections import missing_paragraph

        try:
            data = sources.glotip(ctx.spec.date_to.year)
        except sources.Unavailable as exc:
            return missing_paragraph(ctx, exc)
        bands = [b for b in data.value["convictions"] if b["year"] <= ctx.spec.date_to.year]
        if len(bands) < 2:
            exc = sources.Unavailable(
                "palermo.statistics.engine.conviction_bands", "fewer than two years of data"
            )
            return missing_paragraph(ctx, exc)
        first, last = bands[0], bands[-1]
        zero = next(iter(first["shares"]))  # the "no conviction" band comes first
        # GLOTIP's export prints no zero cell: "<5" stands for 0 to 4. When no country-year shows a
        # true 0, "no conviction" cannot be told from "1 to 4", and a share of 0 % would be false:
        # the figure becomes the share of countries reporting fewer than five convictions.
        unobservable = all(band["shares"][zero] == 0 for band in bands)
        if unobservable:
            a = first.get("under5", 0) / first["countries"]
            b = last.get("under5", 0) / last["countries"]
            measure = "share_under_5_convictions"
        else:
            a, b = first["shares"][zero], last["shares"][zero]
            measure = "share_no_conviction"
        rows = [{"year": first["year"], measure: round(a, 4), "countries": first["countries"]},
                {"year": last["year"], measure: round(b, 4), "countries": last["countries"]}]  # fmt: skip
        same = round(a, 2) == round(b, 2)
        fig = Figure(
            ctx.t(
                f"à {grammar.percent(b, 'fr')}"
                if same
                else f"de {grammar.percent(a, 'fr')} à {grammar.percent(b, 'fr')}",
                f"at {grammar.percent(b, 'en')}"
                if same
                else f"from {grammar.percent(a, 'en')} to {grammar.percent(b, 'en')}",
            ),
            data.query,
            rows,
        )
        verb = ctx.t(
            "est restée " if same else ("a diminué " if b < a else "a augmenté "),
            "remained " if same else ("decreased " if b < a else "increased "),
        )
        return Paragraph(
            sentence(
                ctx,
                ctx.t(
                    f"Au cours de la période {first['year']}-{last['year']}, la proportion de pays "
                    + (
                        "faisant état de moins de cinq condamnations (les données publiées "
                        "regroupent de zéro à quatre condamnations sous « <5 ») "
                        if unobservable
                        else "ne faisant état d’aucune condamnation "
                    ),
                    f"Over the period {first['year']}–{last['year']}, the share of countries "
                    + (
                        "reporting fewer than five convictions (the published data group zero to "
                        'four convictions as "<5") '
                        if unobservable
                        else "reporting no convictions "
                    ),
                ),
                verb,
                fig,
                ".",
            )
        )
