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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}
# Letters and digits: the underscore separates words, as in FTS5's unicode61 tokenizer and
# PostgreSQL's parser, so that no stem holds a character either engine would split on.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
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


# Every ASCII character that is not a letter or digit, mapped to a space: for ASCII text,
# str.translate + split gives the same words as WORD.findall, several times faster.
_ASCII_SEPARATORS = {i: " " for i in range(128) if not chr(i).isalnum()}


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text`` (runs of letters and digits), in one pass."""
    low = text.lower()
    if low.isascii():
        return low.translate(_ASCII_SEPARATORS).split()
    return WORD.findall(low)


def stem_words(text: str, language: str = "en") -> list[str]:
    """Every word of ``text`` as its stem, in order: what goes into the index."""
    lang = language[:2] if language[:2] in LANGUAGES else "en"
    cache = _CACHES[lang]  # a plain dict: indexing is dominated by this lookup, keep it cheap
    words = words_of(text)
    try:
        return [cache[w] for w in words]
    except KeyError:
        if len(cache) > 500_000:
            cache.clear()
        for w in words:
            if w not in cache:
                cache[w] = stem(w, lang)
        return [cache[w] for w in words]


def stem_text(text: str, language: str = "en") -> str:
    """stem_words() space-separated."""
    return " ".join(stem_words(text, language))


MAX_POSITION = 16383  # PostgreSQL keeps positions 1..16383 (larger ones are stored as 16383)
MAX_LEXEME = 500  # characters; PostgreSQL refuses a lexeme over 2,046 bytes


@lru_cache(maxsize=4)
def _positions(weight: str) -> list[str]:
    """``"<position><weight>"`` for every position, made once: no formatting per word."""
    return [f"{p}{weight}" for p in range(MAX_POSITION + 1)]


def tsvector_literal(fields: Sequence[Sequence[str]], weights: str = "ABC") -> str:
    r"""The weighted tsvector, in PostgreSQL's input syntax, of the stems of each field.

    The same value as ``setweight(to_tsvector('simple', f1), 'A') || setweight(...f2, 'B') || ...``
    of the space-joined stems (tests/caselaw/test_bulk.py compares them) without the server parsing
    the text: every stem with its positions (1, 2, ... through the fields, a field's positions
    following the previous field's as ``||`` shifts them), each with its field's weight, stems in
    sorted order: ``bondag:7C,40C debt:1A,6C ...``. The server's tsvector input costs about its
    length, and sorts and merges what it is given: grouped and sorted here, it took half the
    server CPU of one ``stem:position`` entry per word (0.17 against 0.33 ms per decision of
    5 KB, for 0.09 ms more in Python). Stems are ``[^\W_]+`` tokens (no quote, backslash, colon
    or space): no quoting needed. Positions past 16,383 are stored as 16,383, as PostgreSQL does.
    """
    acc: dict[str, list[str]] = {}
    get = acc.get
    offset = 0
    for stems, weight in zip(fields, weights, strict=True):
        if not stems:
            continue
        end = offset + len(stems)
        table = _positions(weight)
        if end <= MAX_POSITION:
            positions = table[offset + 1 : end + 1]
        else:  # a very long text: positions stop at the maximum
            positions = [table[min(p, MAX_POSITION)] for p in range(offset + 1, end + 1)]
        for stem_, position in zip(stems, positions, strict=True):
            found = get(stem_)
            if found is None:
                acc[stem_] = [position]
            else:
                found.append(position)
        offset = min(end, MAX_POSITION)
    return " ".join([k + ":" + ",".join(acc[k]) for k in sorted(acc) if len(k) <= MAX_LEXEME])


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
    """Alternatives (OR) of conjunctions (AND) of terms; every word a bare letters-and-digits token."""

    groups: list[list[Term]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(any(not t.negated for t in g) for g in self.groups)

    def stems(self) -> set[str]:
        return {
            v for g in self.groups for t in g if not t.negated for w in t.words for v in variants(w)
        }


_TOKEN = re.compile(r'"([^"]*)"?|(-?)([^\W_]+)', re.UNICODE)


def parse(query: str) -> ParsedQuery:
    """Parse user input: words (AND), "phrases", OR, -word (NOT). Anything else is a separator.

    Only letters-and-digits tokens survive, so quotes, operators and parentheses in the input can
    never reach the database's query language: the back ends rebuild their own syntax from them.
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
    """The tsquery (input syntax) of a parsed query, every lexeme single-quoted."""
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
    words = list(WORD.finditer(text))
    if not words:
        return ""

    # Snowball only rewrites endings (accents aside, which _fold removes): a word whose first
    # folded letter starts no query stem cannot match, and is not stemmed in three languages.
    initials = {s[:1] for s in stems}
    seen: dict[str, bool] = {}

    def hit(w: str) -> bool:
        found = seen.get(w)
        if found is None:
            first = w[0].lower() if w[0].isascii() else _fold(w[:1])[:1]
            found = seen[w] = (
                bool(stems)
                and first in initials
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
