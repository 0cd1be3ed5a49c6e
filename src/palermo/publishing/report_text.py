"""Report sections whose body is mostly the secretariat's narrative: summary, I, III, III C, IX.

Standing text that only restates mandates (resolution numbers, the reporting period) is generated
here; everything that describes what States and entities did is a narrative place, reviewed and
approved on the web before it reaches the report.
"""

from __future__ import annotations

from palermo.publishing import grammar
from palermo.publishing.document import Figure, Paragraph
from palermo.publishing.sections import Context, ReportSection, register, sentence

TITLE = {
    "fr": "Amélioration de la coordination de l’action contre la traite des personnes",
    "en": "Improving the coordination of efforts against trafficking in persons",
}
GPA = "64/293"  # the Global Plan of Action
_ORDINAL_FR = {1: "première", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième",
               6: "sixième", 7: "septième", 8: "huitième", 9: "neuvième"}  # fmt: skip
_TENS_FR = {70: "soixante-dix", 80: "quatre-vingt", 90: "quatre-vingt-dix", 60: "soixante",
            50: "cinquante", 40: "quarante", 30: "trente", 20: "vingt"}  # fmt: skip
_ORDINAL_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth",
               7: "seventh", 8: "eighth", 9: "ninth"}  # fmt: skip
_TENS_EN = {20: "twentieth", 30: "thirtieth", 40: "fortieth", 50: "fiftieth", 60: "sixtieth",
            70: "seventieth", 80: "eightieth", 90: "ninetieth"}  # fmt: skip
_TENS_EN_CARD = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty",
                 70: "seventy", 80: "eighty", 90: "ninety"}  # fmt: skip


def session_ordinal(n: int, lang: str) -> str:
    """74 -> "soixante-quatorzième" / "seventy-fourth" (General Assembly sessions 21 to 99)."""
    tens, unit = divmod(n, 10)
    if lang == "en":
        if not 20 <= n <= 99:
            return f"{n}th"
        return _TENS_EN[n] if unit == 0 else f"{_TENS_EN_CARD[tens * 10]}-{_ORDINAL_EN[unit]}"
    teens = {0: "dixième", 1: "onzième", 2: "douzième", 3: "treizième", 4: "quatorzième",
             5: "quinzième", 6: "seizième", 7: "dix-septième", 8: "dix-huitième", 9: "dix-neuvième"}  # fmt: skip
    if not 20 <= n <= 99:
        return f"{n}e"
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix: 60/80 + the teens
        base = "soixante" if tens == 7 else "quatre-vingt"
        joiner = " et " if (tens == 7 and unit == 1) else "-"
        return f"{base}{joiner}{teens[unit]}"
    base = _TENS_FR[tens * 10]
    if unit == 0:
        return base.rstrip("e") + "ième" if base.endswith("e") else base + "ième"
    joiner = " et " if unit == 1 and tens != 8 else "-"
    word = "unième" if unit == 1 else _ORDINAL_FR[unit]
    return f"{base}{joiner}{word}"


@register
class Summary(ReportSection):
    key = "summary"
    order = 0
    label = ""
    summary = True
    titles = {"fr": "Résumé", "en": "Summary"}

    def build(self, ctx: Context) -> list[Paragraph]:
        text = ctx.t(
            f"Le présent rapport, établi en application de la résolution {ctx.res} de l’Assemblée "
            f"générale, intitulée « {TITLE['fr']} », donne un aperçu des efforts déployés par les "
            "États Membres et les organismes des Nations Unies pour appliquer ladite résolution. Il "
            "renseigne également sur l’état des ratifications et adhésions en ce qui concerne le "
            "Protocole additionnel à la Convention des Nations Unies contre la criminalité "
            "transnationale organisée visant à prévenir, réprimer et punir la traite des personnes, "
            "en particulier des femmes et des enfants, et sur les efforts fournis pour renforcer la "
            "mise en œuvre du Plan d’action mondial des Nations Unies pour la lutte contre la traite "
            f"des personnes adopté par l’Assemblée générale dans sa résolution {GPA}. Le rapport fait "
            "également le point sur le fonds de contributions volontaires des Nations Unies en faveur "
            "des victimes de la traite des personnes, en particulier des femmes et des enfants, sur "
            "le Rapport mondial sur la traite des personnes, sur les travaux du Groupe "
            "interinstitutions de coordination contre la traite des personnes et sur les campagnes "
            "de sensibilisation.",
            f"The present report, submitted pursuant to General Assembly resolution {ctx.res}, "
            f"entitled \u201c{TITLE['en']}\u201d, provides an overview of the efforts of Member "
            "States and United Nations entities to implement that resolution. It also provides "
            "information on the status of ratification of and accession to the Protocol to Prevent, "
            "Suppress and Punish Trafficking in Persons, Especially Women and Children, "
            "supplementing the United Nations Convention against Transnational Organized Crime, and "
            "on the efforts of all stakeholders to strengthen the implementation of the United "
            "Nations Global Plan of Action to Combat Trafficking in Persons, adopted by the General "
            f"Assembly in its resolution {GPA}. The report also gives an update on the United "
            "Nations Voluntary Trust Fund for Victims of Trafficking in Persons, Especially Women "
            "and Children, the Global Report on Trafficking in Persons, the work of the "
            "Inter-Agency Coordination Group against Trafficking in Persons and awareness-raising "
            "campaigns.",
        )
        return [Paragraph(sentence(ctx, text), numbered=False)]


@register
class Introduction(ReportSection):
    key = "introduction"
    order = 1
    label = "I"
    titles = {"fr": "Introduction", "en": "Introduction"}
    narratives = {"introduction": "Introduction: the resolution's requests (after paragraph 1)"}
    narratives_fr = {
        "introduction": "Introduction : les demandes de la résolution (après le paragraphe 1)"
    }

    def build(self, ctx: Context) -> list[Paragraph]:
        first = ctx.t(
            f"Dans sa résolution {ctx.res}, intitulée « {TITLE['fr']} », l’Assemblée générale a "
            "demandé aux États Membres de continuer de s’employer à incriminer la traite des "
            "personnes et les a exhortés, ainsi que les autres parties prenantes, à continuer de "
            "contribuer à la mise en œuvre intégrale et effective du Plan d’action mondial des "
            "Nations Unies pour la lutte contre la traite des personnes, qu’elle a adopté dans sa "
            f"résolution {GPA}.",
            f"In its resolution {ctx.res}, entitled \u201c{TITLE['en']}\u201d, the General Assembly "
            "called upon Member States to continue their efforts to criminalize trafficking in "
            "persons and urged them and other stakeholders to continue to contribute to the full "
            "and effective implementation of the United Nations Global Plan of Action to Combat "
            f"Trafficking in Persons, which it adopted in its resolution {GPA}.",
        )
        spec = ctx.spec
        period = Figure(
            ctx.t("du {} au {}", "from {} to {}").format(
                grammar.date(spec.date_from, ctx.lang), grammar.date(spec.date_to, ctx.lang)
            ),
            "report period (palermo report build --period FROM:TO)",
            [{"from": spec.date_from.isoformat(), "to": spec.date_to.isoformat()}],
        )
        second = ctx.t(
            f"L’Assemblée générale a prié le Secrétaire général de lui présenter, à sa "
            f"{session_ordinal(spec.session, 'fr')} session, un rapport sur la mise en œuvre de la "
            f"résolution {ctx.res}. Le présent rapport a été établi notamment à partir de "
            "renseignements communiqués par les États Membres, les entités du système des Nations "
            "Unies et les entités membres du Groupe interinstitutions de coordination contre la "
            "traite des personnes. Il porte sur la période qui s’étend ",
            f"The General Assembly requested the Secretary-General to submit to it at its "
            f"{session_ordinal(spec.session, 'en')} session a report on the implementation of "
            f"resolution {ctx.res}. The present report is based on information provided by Member "
            "States, entities of the United Nations system and member entities of the Inter-Agency "
            "Coordination Group against Trafficking in Persons. It covers the period ",
        )
        return [
            Paragraph(sentence(ctx, first)),
            *self.narrative(ctx, "introduction"),
            Paragraph(sentence(ctx, second, period, ".")),
        ]


@register
class Efforts(ReportSection):
    key = "efforts"
    order = 3
    label = "III"
    titles = {
        "fr": "Efforts visant à garantir la mise en œuvre intégrale et effective du Plan d’action "
        "mondial",
        "en": "Efforts to ensure the full and effective implementation of the Global Plan of Action",
    }

    def build(self, ctx: Context) -> list[Paragraph]:
        return []


_PILLARS = [
    ("legislation", "1", "Législation", "Legislation"),
    ("prevention", "2", "Prévention", "Prevention"),
    ("prosecution", "3", "Poursuites et sanctions", "Prosecution and punishment"),
    ("protection", "4", "Protection et assistance aux victimes de la traite de personnes",
     "Protection of and assistance to victims of trafficking in persons"),
    ("partnerships", "5", "Partenariats", "Partnerships"),
]  # fmt: skip


def _pillar(key: str, label: str, fr: str, en: str, order: float) -> type[ReportSection]:
    def build(self: ReportSection, ctx: Context) -> list[Paragraph]:
        return self.narrative(ctx, f"measures.{key}")

    return type(
        f"Measures_{key}",
        (ReportSection,),
        {
            "key": f"measures.{key}",
            "order": order,
            "label": label,
            "parent": "measures",
            "titles": {"fr": fr, "en": en},
            "narratives": {f"measures.{key}": f"III A {label}. {en}"},
            "narratives_fr": {f"measures.{key}": f"III A {label}. {fr}"},
            "build": build,
        },
    )


for _i, (_key, _label, _fr, _en) in enumerate(_PILLARS):
    register(_pillar(_key, _label, _fr, _en, 3.11 + _i / 100))


@register
class Evaluation(ReportSection):
    key = "evaluation"
    order = 3.3
    label = "C"
    parent = "efforts"
    titles = {
        "fr": "Vers une application intégrale : évaluer et aller de l’avant",
        "en": "Towards full implementation: assessing and moving forward",
    }
    narratives = {"evaluation": "III C. Appraisal of the Global Plan of Action"}
    narratives_fr = {"evaluation": "III C. Évaluation du Plan d’action mondial"}

    def build(self, ctx: Context) -> list[Paragraph]:
        return self.narrative(ctx, "evaluation")


@register
class Recommendations(ReportSection):
    key = "recommendations"
    order = 9
    label = "IX"
    titles = {"fr": "Recommandations", "en": "Recommendations"}
    narratives = {"recommendations": "IX. Recommendations"}
    narratives_fr = {"recommendations": "IX. Recommandations"}

    def build(self, ctx: Context) -> list[Paragraph]:
        return self.narrative(ctx, "recommendations")
