"""What a term typed into the header's search box may denote (pure: no database).

One term can mean several things at once (``87011234567`` is a phone; ``900101300034`` is an
IIN or a BIN): ``parse`` returns every reading, each already normalised the way the records
store it, so each procedure's hook looks only in the fields that can match — exact or prefix
lookups an index serves, never a ``LIKE '%…%'`` over a big table.
"""

import contextlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError

from cases.changelists import MIN_SEARCH_LENGTH
from registries.validators import normalise_imei, normalise_kz_mobile

#: The most characters a search term may have (the longest URL a fact keeps is longer, but a
#: header search over 500 characters is a mistake, not a query).
MAX_TERM_LENGTH = 500

#: The letters register's numbers: ``001-ШХ/2026/000012`` (forms_kz.models.format_register_number).
REGISTER_NUMBER = re.compile(r"(?P<org>\d{1,6})-ШХ/(?P<year>\d{4})/(?P<seq>\d{1,6})")
REGISTER_PREFIX = re.compile(r"\d{1,6}-ШХ(/\d{0,4}(/\d{0,6})?)?")

#: A case's own number (its key): digits only, shorter than any IMEI / IIN / phone.
MAX_CASE_NUMBER_DIGITS = 9


class QueryKind(StrEnum):
    CASE_NUMBER = "case_number"
    IMEI = "imei"
    PHONE = "phone"
    ID_NUMBER = "id_number"  # 12 digits: an IIN (a person) or a BIN (an organisation)
    NETWORK = "network"  # URL, domain, IP address or MAC address
    REGISTER_NUMBER = "register_number"
    REFERENCE = "reference"  # any other number, exactly: a request, a complaint, an outgoing number
    NAME = "name"  # words: the start of a platform's or an organisation's name


@dataclass(frozen=True)
class SearchQuery:
    """A parsed term: ``kinds`` it may be, with the normalised value of each."""

    term: str = ""
    kinds: frozenset = frozenset()
    case_number: int | None = None
    imei: str = ""
    phone: str = ""
    id_number: str = ""
    register_number: str = ""
    register_prefix: str = ""
    network_keys: dict = field(default_factory=dict)
    hosts: frozenset = frozenset()  # the domain or IP address a URL / domain / IP names

    def __contains__(self, kind) -> bool:
        return kind in self.kinds

    @property
    def too_short(self) -> bool:
        """A term that can only be a name and is shorter than the shortest search (numbers pass)."""
        return bool(self.term) and not self.kinds


def _digits_only(term: str) -> bool:
    return term.isascii() and term.isdigit()


def _phone(term: str) -> str:
    with contextlib.suppress(ValidationError):
        return normalise_kz_mobile(term)
    return ""


def _imei(term: str) -> str:
    with contextlib.suppress(ValidationError):
        return normalise_imei(term)
    return ""


def _register(term: str) -> tuple[str, str]:
    """(the full register number, "") for a whole number; ("", prefix) for its beginning."""
    text = term.upper().replace(" ", "")
    whole = REGISTER_NUMBER.fullmatch(text)
    if whole:
        return f"{int(whole['org']):03d}-ШХ/{whole['year']}/{int(whole['seq']):06d}", ""
    if REGISTER_PREFIX.fullmatch(text):
        return "", text
    return "", ""


def _network_keys(term: str) -> dict:
    """URL / domain / IP / MAC keys, as the notifications' fact search builds them."""
    if not any(mark in term for mark in ".:/"):
        return {}
    from cases.violations.facts import search_keys

    keys = search_keys(term)
    return keys if any(keys.values()) else {}


def _hosts(term: str, keys: dict) -> frozenset:
    """The host a URL, a domain or an IP address names (a URL is searched by its domain too)."""
    hosts = set(keys.get("host", ()))
    if "/" in term:
        from cases.violations.facts import normalise_url

        with contextlib.suppress(ValidationError):
            hosts.add(normalise_url(term)[2])
    return frozenset(hosts)


def parse(term: str) -> SearchQuery:
    """Every reading of ``term`` (see the module's docstring)."""
    term = " ".join((term or "").split())[:MAX_TERM_LENGTH]
    if not term:
        return SearchQuery()
    kinds = set()
    values: dict = {}
    compact = re.sub(r"[\s\-]", "", term)
    if _digits_only(term) and len(term) <= MAX_CASE_NUMBER_DIGITS and int(term) > 0:
        kinds.add(QueryKind.CASE_NUMBER)
        values["case_number"] = int(term)
    if _digits_only(compact) and len(compact) == 15 and (imei := _imei(compact)):
        kinds.add(QueryKind.IMEI)
        values["imei"] = imei
    if _digits_only(compact) and len(compact) == 12:
        kinds.add(QueryKind.ID_NUMBER)
        values["id_number"] = compact
    if phone := _phone(term):
        kinds.add(QueryKind.PHONE)
        values["phone"] = phone
    register_number, register_prefix = _register(term)
    if register_number or register_prefix:
        kinds.add(QueryKind.REGISTER_NUMBER)
        values.update(register_number=register_number, register_prefix=register_prefix)
    if network_keys := _network_keys(term):
        kinds.add(QueryKind.NETWORK)
        values["network_keys"] = network_keys
        values["hosts"] = _hosts(term, network_keys)
    if _digits_only(term) or (len(term) >= MIN_SEARCH_LENGTH and any(char.isdigit() for char in term)):
        kinds.add(QueryKind.REFERENCE)  # every number the records keep has a digit
    if len(term) >= MIN_SEARCH_LENGTH and any(char.isalpha() for char in term):
        kinds.add(QueryKind.NAME)
    return SearchQuery(term=term, kinds=frozenset(kinds), **values)
