"""Report sections III A (responding States), III B (entities), IV (ICAT), V (Global Report),
VI (trust fund), VII (World Day) and VIII (resources), computed from the domain apps' exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from palermo.publishing import grammar, sources
from palermo.publishing.document import Figure, Paragraph
from palermo.publishing.grammar import count, listing
from palermo.publishing.report_data import _entities, collate, entity
from palermo.publishing.sections import (
    Context,
    ReportSection,
    missing_paragraph,
    register,
    sentence,
)


def _guard(ctx: Context, build: Any) -> list[Paragraph]:
    try:
        return list(build())
    except sources.Unavailable as exc:
        return [missing_paragraph(ctx, exc)]


@register
class Measures(ReportSection):
    key = "measures"
    order = 3.1
    label = "A"
    parent = "efforts"
    titles = {
        "fr": "Mesures mentionnées par les États Membres, visant notamment à prévenir la traite des "
        "personnes et à réduire le risque d’en être victime",
        "en": "Measures reported by Member States, including to prevent trafficking in persons and "
        "to reduce the risk of becoming a victim",
    }

    def build(self, ctx: Context) -> list[Paragraph]:
        def paragraphs() -> list[Paragraph]:
            data = sources.responders(ctx.spec.date_from, ctx.spec.date_to, ctx.lang)
            names = [r.name for r in data.value["responders"]]
            deadline = data.value["round"].deadline
            fig = Figure(
                listing(collate(names), ctx.lang), data.query,
                [{"iso3": r.iso3, "name": r.name, "status": r.status} for r in data.value["responders"]],
            )  # fmt: skip
            text = ctx.t(
                "Une demande d’informations sur les mesures nationales visant à prévenir et combattre "
                "la traite des personnes a été diffusée par l’ONUDC sous la forme d’une note verbale. "
                f"Au {grammar.date(deadline, 'fr')}, les États Membres suivants avaient répondu à "
                "cette demande : ",
                "A request for information on national measures to prevent and combat trafficking "
                "in persons was circulated by UNODC by means of a note verbale. As at "
                f"{grammar.date(deadline, 'en')}, the following Member States had responded: ",
            )
            return [Paragraph(sentence(ctx, text, fig, "."))]

        return _guard(ctx, paragraphs)


@register
class Entities(ReportSection):
    key = "entities"
    order = 3.2
    label = "B"
    parent = "efforts"
    titles = {
        "fr": "Activités menées au sein du système des Nations Unies et par d’autres entités membres "
        "du Groupe interinstitutions de coordination contre la traite des personnes",
        "en": "Activities within the United Nations system and by other member entities of the "
        "Inter-Agency Coordination Group against Trafficking in Persons",
    }
    narratives = {f"entities.{key}": f"III B. {key}: narrative" for key in _entities()}
    narratives_fr = {f"entities.{key}": f"III B. {key} : texte" for key in _entities()}

    def build(self, ctx: Context) -> list[Paragraph]:
        def paragraphs() -> list[Paragraph]:
            data = sources.activities(ctx.spec.date_from, ctx.spec.date_to)
            out: list[Paragraph] = []
            for e in data.value.entities:
                who = entity(e.short_name, ctx.lang, e.short_name)
                rows = [{"entity": e.short_name, "activities": e.activities, "records": e.records,
                         "countries_reached": e.countries_reached, **e.by_kind}]  # fmt: skip
                # a qualitative record counts as one activity when it gives no count
                n_acts = e.activities or e.records
                acts = Figure(
                    count(n_acts, "activité", "activités", "fr", feminine=True)
                    if ctx.lang == "fr" else count(n_acts, "activity", "activities", "en"),
                    data.query, rows,
                )  # fmt: skip
                parts: list[Any] = [
                    ctx.t(
                        f"Au cours de la période considérée, {who} a mené ",
                        f"During the reporting period, {who} carried out ",
                    ),
                    acts,
                ]
                if e.countries_reached:
                    parts += [
                        ctx.t(" au bénéfice de ", " benefiting "),
                        Figure(count(e.countries_reached, "pays", "pays", "fr") if ctx.lang == "fr"
                               else count(e.countries_reached, "country", "countries", "en"),
                               data.query, rows),
                    ]  # fmt: skip
                out.append(Paragraph(sentence(ctx, *parts, ".")))
                out.extend(p for p in self.narrative(ctx, f"entities.{e.short_name}") if p.numbered)
            if not out:
                raise sources.Unavailable(
                    "palermo.coordination.queries.activity_totals", "no activity in the period"
                )
            return out

        return _guard(ctx, paragraphs)


@register
class Icat(ReportSection):
    key = "icat"
    order = 4
    label = "IV"
    titles = {
        "fr": "Activités du Groupe interinstitutions de coordination contre la traite des personnes",
        "en": "Activities of the Inter-Agency Coordination Group against Trafficking in Persons",
    }
    narratives = {"icat": "IV. ICAT: meetings, policy papers, joint statements"}
    narratives_fr = {"icat": "IV. ICAT : réunions, notes d’orientation, déclarations communes"}

    def build(self, ctx: Context) -> list[Paragraph]:
        lang = ctx.lang
        y0, y1 = ctx.spec.date_from.year, ctx.spec.date_to.year

        def paragraphs() -> list[Paragraph]:
            out: list[Paragraph] = []
            members = sources.icat_members(y1)
            n = members.value["members"]
            if n:
                out.append(Paragraph(sentence(ctx, ctx.t(
                    "Dans sa résolution 61/180, l’Assemblée générale a chargé le Groupe "
                    "interinstitutions de coordination contre la traite des personnes de renforcer la "
                    "coopération et la coordination. Le Groupe est constitué de ",
                    "In its resolution 61/180, the General Assembly tasked the Inter-Agency "
                    "Coordination Group against Trafficking in Persons with enhancing cooperation and "
                    "coordination. The Group is composed of "),
                    Figure(count(n, "organismes et organes", "organismes et organes", "fr") if lang == "fr"
                           else count(n, "entity", "entities", "en"),
                           members.query, [{"member": m} for m in members.value["member_names"]]),
                    ctx.t(" du système des Nations Unies et d’autres organisations intergouvernementales.",
                          " of the United Nations system and other intergovernmental organizations."),
                )))  # fmt: skip
            chairs = sources.icat(y0, y1)
            if not chairs.value:
                raise sources.Unavailable("palermo.coordination.queries.icat_chairs", "no chair")
            clauses = []
            for c in chairs.value:
                who = listing([entity(s, lang, s) for s in c.short_names], lang)
                if lang == "fr":
                    clauses.append(
                        f"{'conjointement ' if c.co_chaired else ''}par {who} en {c.year}"
                    )
                else:
                    clauses.append(f"{'jointly ' if c.co_chaired else ''}by {who} in {c.year}")
            fig = Figure(
                listing(clauses, lang),
                chairs.query,
                [{"year": c.year, "chairs": "+".join(c.short_names)} for c in chairs.value],
            )
            out.append(
                Paragraph(
                    sentence(
                        ctx, ctx.t("Le Groupe a été présidé ", "The Group was chaired "), fig, "."
                    )
                )
            )
            group = members.value.get("working_group") or []
            if group:
                short = {_entities().get(g, {}).get(f"short_{lang}") or g: g for g in group}
                # collate on the names, not on the articles ("l'OIM" files under O)
                names = listing([entity(short[n], lang, n) for n in collate(list(short))], lang)
                out.append(Paragraph(sentence(ctx, ctx.t(
                    "Les entités qui constituent l’organe de décision du Groupe, dénommé « groupe de "
                    "travail », sont ", "The entities forming the Group's decision-making body, the "
                    "working group, are "), Figure(names, members.query, [{"member": g} for g in group]), ".")))  # fmt: skip
            return [*out, *self.narrative(ctx, "icat")]

        return _guard(ctx, paragraphs)


@register
class GlobalReport(ReportSection):
    key = "global_report"
    order = 5
    label = "V"
    titles = {
        "fr": "Le Rapport mondial sur la traite des personnes : le point sur la recherche et "
        "l’analyse des tendances",
        "en": "The Global Report on Trafficking in Persons: an update on research and trend analysis",
    }
    narratives = {"global_report": "V. Global Report: focus of the edition"}
    narratives_fr = {"global_report": "V. Rapport mondial : thème de l’édition"}

    def build(self, ctx: Context) -> list[Paragraph]:
        lang = ctx.lang

        def paragraphs() -> list[Paragraph]:
            data = sources.glotip(ctx.spec.date_to.year)
            v = data.value
            sa, fm = v["sex_age"]["shares"], v["form"]["shares"]
            if not any(sa.values()) or not any(fm.values()):
                raise sources.Unavailable("palermo.statistics.engine.victims_sex_age",
                                          f"no shares for {v['year']}")  # fmt: skip
            pct = lambda s: grammar.percent(s or 0, lang)  # noqa: E731
            rows = [{"year": v["year"], "release": v["release"], **dict(sa.items())}]
            sex = Figure(ctx.t(
                f"les femmes représentaient {pct(sa['women'])} des victimes détectées, les filles "
                f"{pct(sa['girls'])}, les hommes {pct(sa['men'])} et les garçons {pct(sa['boys'])}",
                f"women accounted for {pct(sa['women'])} of detected victims, girls for "
                f"{pct(sa['girls'])}, men for {pct(sa['men'])} and boys for {pct(sa['boys'])}"),
                data.query, rows)  # fmt: skip
            form = Figure(ctx.t(
                f"{pct(fm['sexual_exploitation'])} des victimes détectées l’avaient été à des fins "
                f"d’exploitation sexuelle, {pct(fm['forced_labour'])} de travail forcé et "
                f"{pct(fm['other'])} à d’autres fins",
                f"{pct(fm['sexual_exploitation'])} of detected victims were trafficked for sexual "
                f"exploitation, {pct(fm['forced_labour'])} for forced labour and {pct(fm['other'])} "
                "for other purposes"), data.query,
                [{"year": v["year"], **dict(fm.items())}])  # fmt: skip
            return [
                Paragraph(sentence(ctx, ctx.t(
                    f"Selon les données du Rapport mondial (version du {v['release']}), en {v['year']}, ",
                    f"According to the Global Report data (release of {v['release']}), in {v['year']}, "),
                    sex, ".")),
                Paragraph(sentence(ctx, ctx.t(f"En {v['year']}, ", f"In {v['year']}, "), form, ".")),
                *self.narrative(ctx, "global_report"),
            ]  # fmt: skip

        return _guard(ctx, paragraphs)


@register
class Fund(ReportSection):
    key = "fund"
    order = 6
    label = "VI"
    titles = {
        "fr": "Informations récentes sur le fonds de contributions volontaires des Nations Unies en "
        "faveur des victimes de la traite des personnes, en particulier des femmes et des enfants",
        "en": "Update on the United Nations Voluntary Trust Fund for Victims of Trafficking in "
        "Persons, Especially Women and Children",
    }
    narratives = {"fund": "VI. Trust fund: mandate and projects"}
    narratives_fr = {"fund": "VI. Fonds d’affectation spéciale : mandat et projets"}

    def build(self, ctx: Context) -> list[Paragraph]:
        lang = ctx.lang

        def paragraphs() -> list[Paragraph]:
            data = sources.fund(ctx.spec.date_from, ctx.spec.date_to)
            v = data.value
            out: list[Paragraph] = []
            calls = sorted({c["year"] for c in v["calls"]})
            if calls:
                out.append(Paragraph(sentence(ctx, Figure(grammar.capitalise(ctx.t(
                    f"{count(len(calls), 'appel mondial à propositions a été lancé', 'appels mondiaux à propositions ont été lancés', 'fr')}",
                    f"{count(len(calls), 'global call for proposals was launched', 'global calls for proposals were launched', 'en')}")),
                    data.query, v["calls"]),
                    ctx.t(" en ", " in "), listing([str(y) for y in calls], lang), ctx.t(
                    f" ; {grammar.cardinal(v['ngos_funded'], 'fr')} ONG ont reçu des subventions pour "
                    "fournir une assistance directe aux victimes de la traite.",
                    f"; {grammar.cardinal(v['ngos_funded'], 'en')} NGOs received grants to provide "
                    "direct assistance to victims of trafficking."))))  # fmt: skip
            donors = v["donors_by_type"]
            total = float(v["contributions_usd_cumulative"])
            kinds = [
                count(donors["state"]["donors"], "État Membre", "États Membres", "fr")
                if lang == "fr" else count(donors["state"]["donors"], "Member State", "Member States", "en"),
                count(donors["private"]["donors"], "organisation du secteur privé",
                      "organisations du secteur privé", "fr", feminine=True)
                if lang == "fr" else count(donors["private"]["donors"], "private sector organization",
                                           "private sector organizations", "en"),
            ]  # fmt: skip
            if donors["individual"]["donors"]:
                kinds.append(ctx.t("de nombreux particuliers", "many individuals"))
            to = dt.date.fromisoformat(v["date_to"])
            month = grammar.date(to, lang).split(" ", 1)[1]
            out.append(Paragraph(sentence(ctx, ctx.t(f"En {month}, le fonds avait reçu des contributions à hauteur de ",
                                                     f"By {month}, the Fund had received contributions of "),
                Figure(grammar.amount_usd(total, lang), data.query,
                       [{"contributions_usd_cumulative": v["contributions_usd_cumulative"], "date_to": v["date_to"]}]),
                ctx.t(" d’un large éventail de donateurs, dont ", " from a wide range of donors, including "),
                Figure(listing(kinds, lang), data.query, [{k: d["donors"]} for k, d in donors.items()]), ".")))  # fmt: skip
            board = v.get("board") or []
            if board:
                chair = ctx.t("présidence", "Chair")
                names = [f"{m['name']} ({chair})" if m["chair"] else m["name"] for m in board]
                out.append(Paragraph(sentence(ctx, ctx.t(
                    f"Pour la mandature {board[0]['term']}, le conseil d’administration se compose de ",
                    f"For the term {board[0]['term']}, the Board of Trustees is composed of "),
                    Figure(listing(names, lang), data.query, board), ".")))  # fmt: skip
            return [*self.narrative(ctx, "fund"), *out]

        return _guard(ctx, paragraphs)


@register
class WorldDay(ReportSection):
    key = "world_day"
    order = 7
    label = "VII"
    titles = {
        "fr": "Sensibilisation : activités organisées à l’occasion de la Journée mondiale de la "
        "lutte contre la traite d’êtres humains",
        "en": "Awareness-raising: activities to mark the World Day against Trafficking in Persons",
    }
    narratives = {"world_day": "VII. World Day: campaigns and ambassadors"}
    narratives_fr = {"world_day": "VII. Journée mondiale : campagnes et ambassadeurs"}

    def build(self, ctx: Context) -> list[Paragraph]:
        lang = ctx.lang

        def paragraphs() -> list[Paragraph]:
            data = sources.campaigns(ctx.spec.date_from.year, ctx.spec.date_to.year)
            out: list[Paragraph] = []
            for day in data.value["world_days"]:
                theme = day["themes"].get(lang) or day["themes"].get("en")
                if not theme:
                    continue
                fig = Figure(ctx.t(f"« {theme} »", f"\u201c{theme}\u201d"), data.query, [day])
                out.append(Paragraph(sentence(ctx, ctx.t(
                    f"Le thème retenu pour la Journée mondiale de {day['year']} était ",
                    f"The theme of the World Day in {day['year']} was "), fig, ".")))  # fmt: skip
            for c in data.value["campaigns"]:
                if c["adopters"]:
                    out.append(Paragraph(sentence(ctx, ctx.t(f"La campagne « {c['name']} » a été adoptée à ce jour par ",
                                                             f"The \u201c{c['name']}\u201d campaign has been adopted to date by "),
                        Figure(count(c["adopters"], "pays", "pays", "fr") if lang == "fr"
                               else count(c["adopters"], "country", "countries", "en"),
                               data.query, [{"campaign": c["code"], "adopters": c["adopters"]}]), ".")))  # fmt: skip
            if not out:
                raise sources.Unavailable(
                    "palermo.coordination.queries.campaign_summary",
                    "no World Day theme in the period",
                )
            return [*out, *self.narrative(ctx, "world_day")]

        return _guard(ctx, paragraphs)


@register
class Resources(ReportSection):
    key = "resources"
    order = 8
    label = "VIII"
    titles = {
        "fr": "État des ressources destinées à la lutte contre la traite des personnes aux Nations "
        "Unies et en particulier à l’Office des Nations Unies contre la drogue et le crime",
        "en": "Status of resources for countering trafficking in persons at the United Nations, in "
        "particular at the United Nations Office on Drugs and Crime",
    }
    narratives = {"resources": "VIII. Resources: needs and appeals"}
    narratives_fr = {"resources": "VIII. Ressources : besoins et appels"}

    def build(self, ctx: Context) -> list[Paragraph]:
        lang = ctx.lang

        def paragraphs() -> list[Paragraph]:
            data = sources.resources(ctx.spec.date_from.year, ctx.spec.date_to.year)
            rows = data.value["rows"]
            if not rows:
                raise sources.Unavailable(
                    "palermo.coordination.queries.resources_summary",
                    "no resource row in the period",
                )
            out: list[Paragraph] = []
            latest = max(r["year"] for r in rows)
            for r in [r for r in rows if r["year"] == latest]:
                who = entity(r["organisation"], lang, r["organisation"])
                parts: list[Any] = [
                    ctx.t(f"En {latest}, {who} disposait de ", f"In {latest}, {who} had ")
                ]
                posts = int(r["regular_budget_posts"] or 0)
                parts.append(Figure(count(posts, "poste inscrit au budget ordinaire", "postes inscrits au budget ordinaire", "fr")
                                    if lang == "fr" else count(posts, "regular budget post", "regular budget posts", "en"),
                                    data.query, [r]))  # fmt: skip
                if r["extrabudgetary_usd"]:
                    parts += [ctx.t(" et de ressources extrabudgétaires d’un montant de ", " and extrabudgetary resources of "),
                              Figure(grammar.amount_usd(r["extrabudgetary_usd"], lang), data.query, [r])]  # fmt: skip
                out.append(Paragraph(sentence(ctx, *parts, ".")))
            return [*self.narrative(ctx, "resources"), *out]

        return _guard(ctx, paragraphs)
