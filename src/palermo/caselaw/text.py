"""Search text handling shared by both database back ends: stemming, query parsing, snippets.

Design decision (docs/caselaw.md): text is pre-stemmed in Python with Snowball stemmers on BOTH
back ends, so SQLite (FTS5) and PostgreSQL (tsvector with the 'simple' configuration) index the same
terms and return the same hits. Documents are stemmed in their own language; a query term is
stemmed in every supported language and the variants are OR-ed, so "exploité" (French stem
"exploit") finds "exploitation" (English stem "exploit") whatever language the user types in.
Stems are lowercased and stripped of accents after stemming. No Django import: pure functions.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}
WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12  # longer queries are cut: every term costs an index lookup per language


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(LANGUAGES.get(language[:2], "english"))


def _fold(text: str) -> str:
    """Lowercase without accents (so that index and query agree whatever the keyboard)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = "en") -> str:
    """The folded Snowball stem of one word in ``language`` (en, fr, es; else English)."""
    return _fold(_stemmer(language).stemWord(word.lower()))


_CACHES: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def cached_stem(word: str, language: str) -> str:
    """stem() through the indexing cache (a dict lookup when the word was seen before)."""
    low = word.lower()
    cache = _CACHES[language]
    found = cache.get(low)
    if found is None:
        found = cache[low] = stem(low, language)
    return found


def stem_text(text: str, language: str = "en") -> str:
    """Every word of ``text`` as its stem, space-separated: what goes into the index."""
    lang = language[:2] if language[:2] in LANGUAGES else "en"
    cache = _CACHES[lang]  # a plain dict: indexing is dominated by this lookup, keep it cheap
    words = WORD.findall(text.lower())
    try:
        return " ".join([cache[w] for w in words])
    except KeyError:
        if len(cache) > 500_000:
            cache.clear()
        for w in words:
            if w not in cache:
                cache[w] = stem(w, lang)
        return " ".join([cache[w] for w in words])


def variants(word: str) -> list[str]:
    """A query word's stems in every supported language (deduplicated, stable order)."""
    return list(dict.fromkeys(stem(word, lang) for lang in LANGUAGES))


@dataclass
class Term:
    """One query element: a word (its stem variants) or a phrase (a list of words)."""

    words: list[str]
    negated: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    """A query as alternatives (OR) of conjunctions (AND) of terms, every word a bare \\w+ token."""

    groups: list[list[Term]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(any(not t.negated for t in g) for g in self.groups)

    def stems(self) -> set[str]:
        return {
            v for g in self.groups for t in g if not t.negated for w in t.words for v in variants(w)
        }


_TOKEN = re.compile(r'"([^"]*)"?|(-?)(\w+)', re.UNICODE)


def parse(query: str) -> ParsedQuery:
    """Parse user input: words (AND), "phrases", OR, -word (NOT). Anything else is a separator.

    Only \\w+ tokens survive, so quotes, operators and parentheses in the input can never reach the
    database's query language: the back ends rebuild their own syntax from these tokens.
    """
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN.finditer(query[:1000]):
        phrase, minus, word = match.groups()
        if count >= MAX_TERMS:
            break
        if word is not None and word in ("OR", "|"):
            if groups[-1]:
                groups.append([])
            continue
        if word is not None and word in ("AND", "NOT"):
            continue
        words = WORD.findall(phrase) if phrase is not None else [word]
        if not words:
            continue
        groups[-1].append(Term(words[:MAX_TERMS], negated=bool(minus)))
        count += 1
    groups = [g for g in groups if any(not t.negated for t in g)]
    return ParsedQuery(groups)


def _quote_fts(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def to_fts5(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression of a parsed query (every token double-quoted)."""
    alternatives = []
    for group in parsed.groups:
        parts = []
        for term in group:
            if term.is_phrase:
                # A phrase is matched in each language's stems; the union of the variants.
                options = [
                    _quote_fts(" ".join(stem(w, lang) for w in term.words)) for lang in LANGUAGES
                ]
                expr = "(" + " OR ".join(dict.fromkeys(options)) + ")"
            else:
                expr = "(" + " OR ".join(_quote_fts(v) for v in variants(term.words[0])) + ")"
            parts.append(("NOT " if term.negated else "") + expr)
        positive = [p for p in parts if not p.startswith("NOT ")]
        negative = [p for p in parts if p.startswith("NOT ")]
        alternatives.append("(" + " AND ".join(positive) + "".join(" " + n for n in negative) + ")")
    return " OR ".join(alternatives)


def _quote_ts(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def to_tsquery(parsed: ParsedQuery) -> str:
    """The to_tsquery('simple', ...) text of a parsed query (every lexeme single-quoted)."""
    alternatives = []
    for group in parsed.groups:
        parts = []
        for term in group:
            if term.is_phrase:
                options = [
                    "(" + " <-> ".join(_quote_ts(stem(w, lang)) for w in term.words) + ")"
                    for lang in LANGUAGES
                ]
                expr = "(" + " | ".join(dict.fromkeys(options)) + ")"
            else:
                expr = "(" + " | ".join(_quote_ts(v) for v in variants(term.words[0])) + ")"
            parts.append(("!" if term.negated else "") + expr)
        alternatives.append("(" + " & ".join(parts) + ")")
    return " | ".join(alternatives)


def snippet(text: str, stems: set[str], width: int = 30, language: str = "en") -> str:
    """About ``width`` words of ``text`` around the first match, HTML-escaped, hits in <mark>."""
    words = list(re.finditer(r"\w+", text))
    if not words:
        return ""

    # Snowball only rewrites endings (accents aside, which _fold removes): a word whose first
    # folded letter starts no query stem cannot match, and is not stemmed in three languages.
    initials = {s[:1] for s in stems}
    seen: dict[str, bool] = {}

    def hit(w: str) -> bool:
        found = seen.get(w)
        if found is None:
            found = seen[w] = (
                bool(stems)
                and _fold(w[:1])[:1] in initials
                and any(cached_stem(w, lang) in stems for lang in LANGUAGES)
            )
        return found

    first = next((i for i, m in enumerate(words) if hit(m.group())), 0)
    start = max(0, first - width // 3)
    end = min(len(words), start + width)
    lo, hi = words[start].start(), words[end - 1].end()
    out, pos = [], lo
    for m in words[start:end]:
        out.append(html.escape(text[pos : m.start()]))
        token = html.escape(m.group())
        out.append(f"<mark>{token}</mark>" if hit(m.group()) else token)
        pos = m.end()
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return prefix + "".join(out).strip() + suffix
