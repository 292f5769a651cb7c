"""What a term typed into the header's search box may denote (cases.search.query.parse)."""

import pytest

from cases.search.query import QueryKind as K
from cases.search.query import parse

IMEI = "356938035643809"  # Luhn-valid


@pytest.mark.parametrize(
    ("term", "kinds", "values"),
    [
        ("12", {K.CASE_NUMBER, K.REFERENCE}, {"case_number": 12}),
        ("  7 ", {K.CASE_NUMBER, K.REFERENCE}, {"case_number": 7}),
        (IMEI, {K.IMEI, K.REFERENCE}, {"imei": IMEI}),
        ("35-693803-564380-9", {K.IMEI, K.REFERENCE}, {"imei": IMEI}),
        ("356938035643808", {K.REFERENCE}, {"imei": ""}),  # a wrong check digit is no IMEI
        ("8 701 123 45 67", {K.PHONE, K.REFERENCE}, {"phone": "+77011234567"}),
        ("+7 (701) 123-45-67", {K.PHONE, K.REFERENCE}, {"phone": "+77011234567"}),
        ("87011234567", {K.PHONE, K.REFERENCE}, {"phone": "+77011234567", "case_number": None}),
        ("900101300034", {K.ID_NUMBER, K.REFERENCE}, {"id_number": "900101300034"}),
        ("001-ШХ/2026/12", {K.REGISTER_NUMBER, K.REFERENCE, K.NAME}, {"register_number": "001-ШХ/2026/000012"}),
        ("001-шх/2026", {K.REGISTER_NUMBER, K.REFERENCE, K.NAME}, {"register_prefix": "001-ШХ/2026"}),
        ("10.0.0.1", {K.NETWORK, K.REFERENCE}, {"hosts": frozenset({"10.0.0.1"})}),
        ("YouTube", {K.NAME}, {}),
        ("СБ-00001", {K.NAME, K.REFERENCE}, {}),
        ("ab", set(), {}),
        ("", set(), {}),
    ],
)
def test_readings(term, kinds, values):
    query = parse(term)
    assert set(query.kinds) == kinds
    for name, value in values.items():
        assert getattr(query, name) == value


def test_a_url_is_searched_by_its_domain_too():
    query = parse("https://Qazaq-Shop.example.kz/item/7?x=1")
    assert K.NETWORK in query
    assert query.hosts == {"qazaq-shop.example.kz"}
    assert query.network_keys["prefix"]


def test_a_domain_gives_the_facts_keys_and_its_host():
    query = parse("qazaq-shop.example.kz")
    assert "qazaq-shop.example.kz" in query.network_keys["host"]
    assert query.hosts == {"qazaq-shop.example.kz"}


def test_too_short_is_only_for_words():
    assert parse("ab").too_short
    assert not parse("12").too_short
    assert not parse("").too_short


def test_an_overlong_term_is_cut():
    assert len(parse("a" * 2000).term) == 500
