"""Nicknames and short forms mapped to one formal given name, for the languages victims come from.

Written for Palermo from common usage (English hypocorisms; East Slavic diminutives such as Sasha,
Masha, Natasha; Romance and Filipino short forms). Keys and values are clean ASCII lower case, as
`standardise.clean_text` produces; a formal name maps to itself by absence.
"""

from __future__ import annotations

_GROUPS: dict[str, tuple[str, ...]] = {
    # English
    "william": ("bill", "billy", "will", "willy", "liam"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("dick", "rick", "ricky", "rich"),
    "james": ("jim", "jimmy", "jamie"),
    "john": ("jack", "johnny", "jon"),
    "joseph": ("joe", "joey"),
    "michael": ("mike", "mikey", "mick"),
    "thomas": ("tom", "tommy"),
    "charles": ("charlie", "chuck"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "elizabeth": ("liz", "lizzy", "beth", "betty", "eliza", "lisa"),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "katherine": ("kate", "kathy", "katie", "kat", "catherine", "kathryn"),
    "jennifer": ("jen", "jenny"),
    "rebecca": ("becky", "becca"),
    "patricia": ("pat", "patty", "trish"),
    "susan": ("sue", "susie"),
    "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "anthony": ("tony",),
    "benjamin": ("ben", "benny"),
    "samuel": ("sam", "sammy"),
    "jessica": ("jess", "jessie"),
    "victoria": ("vicky", "tori", "viktoria", "viktoriya"),
    # East Slavic (transliterated)
    "aleksandr": ("sasha", "sanya", "shura", "alexander", "oleksandr", "alex", "aleksander"),
    "aleksandra": ("sasha", "alexandra", "oleksandra"),
    "mariya": ("masha", "maria", "mariia", "marija", "mary", "mari", "marie", "mia"),
    "natalia": ("natasha", "natalya", "nataliya", "natalja", "nataliia"),
    "ekaterina": ("katya", "katia", "kateryna", "yekaterina", "katerina"),
    "elena": ("lena", "olena", "alena", "helena", "jelena", "yelena"),
    "tatiana": ("tanya", "tania", "tetiana", "tatyana", "tetyana"),
    "svetlana": ("sveta", "svitlana", "swetlana"),
    "anastasia": ("nastya", "nastia", "anastasiia", "anastasiya"),
    "yulia": ("yulya", "julia", "iuliia", "yuliya", "ioulia", "julija"),
    "irina": ("ira", "iryna"),
    "olga": ("olya", "olha", "olia"),
    "dmitriy": ("dima", "dmytro", "dmitri", "dmitry", "dimitri"),
    "vladimir": ("vova", "volodymyr", "volodya", "wladimir"),
    "mikhail": ("misha", "mykhailo", "michail"),
    "nikolai": ("kolya", "mykola", "nikolay", "nicolae"),
    "sergei": ("seryozha", "serhii", "sergey", "serhiy", "sergiu"),
    "ivan": ("vanya",),
    "evgeniy": ("zhenya", "yevhen", "evgeny", "yevgeny", "eugen"),
    "andrei": ("andriy", "andrii", "andrey", "andrew"),
    "oksana": ("oxana", "ksenia"),
    "lyudmila": ("luda", "lyuda", "liudmyla", "ludmila"),
    "galina": ("halyna", "galya", "halya"),
    "valentina": ("valya", "valentyna"),
    "yuriy": ("yura", "yurii", "iurii", "yuri"),
    # Romance, Filipino
    "jose": ("pepe", "jun", "joselito"),
    "francisco": ("paco", "pancho", "kiko"),
    "guadalupe": ("lupe", "lupita"),
    "concepcion": ("concha", "conchita"),
    "dolores": ("lola",),
    "ignacio": ("nacho",),
    "manuel": ("manolo", "manny"),
    "roberto": ("beto",),
    "alberto": ("beto",),
    "antonio": ("tonio", "toni"),
    "rosario": ("charo", "rosa"),
    "teresa": ("tere", "tessa", "tereza"),
    "giuseppe": ("beppe", "peppe"),
    "gheorghe": ("ghita", "george", "giorgi"),
    "ionut": ("ion", "ionel"),
    "mohammed": ("muhammad", "mohamed", "mohammad", "muhammed", "mehmet", "mamadou"),
    "abdullah": ("abdallah", "abdulla"),
}


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for formal, shorts in _GROUPS.items():
        for short in shorts:
            # a short form shared by two names (sasha, beto) maps to the first listed: the
            # phonetic key still separates the rest, and a wrong merge here only adds a candidate
            table.setdefault(short, formal)
    return table


NICKNAMES: dict[str, str] = _build()
