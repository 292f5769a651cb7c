"""Kazakh alphabetical order of names (regions, organisations) on PostgreSQL and SQLite.

The Kazakh Cyrillic alphabet (42 letters) puts its own letters after their nearest Russian
ones: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я.
A byte (code-point) order puts Ә Ғ Қ Ң Ө Ұ Ү Һ І after Я, so "Ақмола облысы" came after
"Шымкент қаласы".

One collation named ``kazakh`` serves both databases, declared on the name columns
(``db_collation``), so every ``ORDER BY`` of those columns — ``Meta.ordering``, a changelist's
column sort, a list filter, a form's choices — is in Kazakh order:

- PostgreSQL: an ICU collation created by migration ``registries.0008``:
  ``CREATE COLLATION kazakh (provider = icu, locale = 'kk-u-ka-shifted')`` — the ICU Kazakh
  tailoring with punctuation and spaces ignored at the first level, so «Қазақтелеком» АҚ files
  under Қ, not before every letter.
- SQLite: the same order computed in Python by ``kazakh_sort_key``, registered as collation
  ``kazakh`` on every new connection (``connection_created``, connected when this module is
  imported — ``registries.models`` imports it, so before any query).

``kazakh_sort_key`` mirrors the ICU order for what names contain (tests compare both):
letters by the alphabet above, case-blind first; digits before letters (digit by digit, as ICU);
Latin after Cyrillic (the ICU ``kk`` script order); punctuation and spaces only break ties.
"""

import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created

COLLATION_NAME = "kazakh"
#: The ICU locale of the PostgreSQL collation (``kk``, punctuation "shifted" to the last level).
ICU_LOCALE = "kk-u-ka-shifted"

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(KAZAKH_ALPHABET)}

# Primary groups, in ICU's order for the Kazakh locale.
_SYMBOL, _DIGIT, _CYRILLIC, _LATIN, _OTHER = range(5)


def _is_ignorable(char: str) -> bool:
    """Spaces, punctuation and control characters (ICU's "variable" characters, shifted)."""
    return unicodedata.category(char)[0] in "PZC"


def _primary(char: str) -> tuple[int, int]:
    lower = char.lower()
    if lower in _LETTER_RANK:
        return (_CYRILLIC, _LETTER_RANK[lower])
    if char.isdigit():
        return (_DIGIT, unicodedata.digit(char, 0))
    base = unicodedata.normalize("NFD", lower)[0]
    if "a" <= base <= "z":
        return (_LATIN, ord(base))
    if unicodedata.category(char)[0] == "S":
        return (_SYMBOL, ord(char))
    if "CYRILLIC" in unicodedata.name(char, ""):
        return (_CYRILLIC, len(KAZAKH_ALPHABET) + ord(lower))
    return (_OTHER, ord(lower))


@lru_cache(maxsize=8192)
def kazakh_sort_key(text: str) -> tuple:
    """The sort key of ``text`` in Kazakh alphabetical order: letters and digits first (case
    and accents ignored), then accents, then case (lower before upper, as ICU), then the
    ignored punctuation, last the text itself (so only equal texts compare equal)."""
    text = text or ""
    significant = [char for char in text if not _is_ignorable(char)]
    primary = tuple(_primary(char) for char in significant)
    accents = tuple(unicodedata.normalize("NFD", char)[1:] for char in significant if char.lower() not in _LETTER_RANK)
    case = tuple(char != char.lower() for char in significant)
    return (primary, accents, case, tuple(_is_ignorable(char) for char in text), text)


def compare(first: str, second: str) -> int:
    """-1, 0 or 1 as ``first`` sorts before, with or after ``second`` (SQLite's collation
    callback); 0 only for equal texts, so equality and uniqueness are unchanged."""
    a, b = kazakh_sort_key(first), kazakh_sort_key(second)
    return (a > b) - (a < b)


def kazakh_sorted(items, key=str):
    """``items`` in Kazakh alphabetical order of ``key(item)`` (for lists sorted in Python)."""
    return sorted(items, key=lambda item: kazakh_sort_key(key(item)))


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns the ``kazakh`` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION_NAME, compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="registries.collation.kazakh")
