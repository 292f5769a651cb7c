"""Table-driven tests of the pure normalisation module (seed 001 Appendix 2 item 3)."""

import pytest
from django.core.exceptions import ValidationError

from cases.violations.facts import normalise_fact, search_keys


def test_kazakh_tld_punycode_is_xn__80ao21a():
    assert "қаз".encode("idna") == b"xn--80ao21a"
    fact = normalise_fact("domain", "мысал.қаз")
    assert fact.value_ascii.endswith(".xn--80ao21a")


@pytest.mark.parametrize(
    ("kind", "raw", "value", "value_ascii", "host"),
    [
        ("domain", "Мысал.ҚАЗ", "мысал.қаз", "xn--80awbu3c.xn--80ao21a", "xn--80awbu3c.xn--80ao21a"),
        ("domain", "xn--80awbu3c.xn--80ao21a", "мысал.қаз", "xn--80awbu3c.xn--80ao21a", "xn--80awbu3c.xn--80ao21a"),
        ("domain", "  Example.KZ. ", "example.kz", "example.kz", "example.kz"),
        ("url", "HTTPS://Example.KZ/Path?Q=1", "https://example.kz/path?q=1", "https://example.kz/path?q=1", "example.kz"),
        ("url", "example.kz", "http://example.kz/", "http://example.kz/", "example.kz"),
        ("url", "https://мысал.қаз/жол", "https://мысал.қаз/жол", "https://xn--80awbu3c.xn--80ao21a/%D0%B6%D0%BE%D0%BB", "xn--80awbu3c.xn--80ao21a"),
        ("url", "https://xn--80awbu3c.xn--80ao21a/%D0%96%D0%BE%D0%BB", "https://мысал.қаз/жол", "https://xn--80awbu3c.xn--80ao21a/%D0%B6%D0%BE%D0%BB", "xn--80awbu3c.xn--80ao21a"),
        ("url", "http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x", "2001:db8::1"),
        ("url", "http://185.12.44.17/a", "http://185.12.44.17/a", "http://185.12.44.17/a", "185.12.44.17"),
        ("ip", " 185.12.44.17 ", "185.12.44.17", "185.12.44.17", "185.12.44.17"),
        ("ip", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", "2001:db8::1", "2001:db8::1"),
        ("protocol", "https", "HTTPS", "HTTPS", ""),
        ("protocol", " quic ", "QUIC", "QUIC", ""),
        ("imei", "35-693803-564380-9", "356938035643809", "356938035643809", ""),
        ("mac", "3c-5a-b4-01-22-9f", "3C:5A:B4:01:22:9F", "3C:5A:B4:01:22:9F", ""),
        ("mac", "3c5a.b401.229f", "3C:5A:B4:01:22:9F", "3C:5A:B4:01:22:9F", ""),
    ],
)
def test_normalises(kind, raw, value, value_ascii, host):
    fact = normalise_fact(kind, raw)
    assert (fact.value, fact.value_ascii, fact.host) == (value, value_ascii, host)


@pytest.mark.parametrize(
    ("kind", "raw", "code"),
    [
        ("domain", "", "domain_empty"),
        ("domain", "localhost", "domain_labels"),
        ("domain", "bad_domain.kz", "domain_label"),
        ("domain", "-bad.kz", "domain_label"),
        ("domain", "exa mple.kz", "domain_chars"),
        ("domain", "1.2.3.4", "domain_tld"),
        ("domain", "a" * 64 + ".kz", "domain_label"),
        ("url", "javascript:alert(1)", "url_scheme"),
        ("url", "mailto://x@y.kz", "url_scheme"),
        ("url", "http://", "url_host"),
        ("url", "http://exa mple.kz", "url_chars"),
        ("url", "http://example.kz:99999/", "url_invalid"),
        ("url", "https://" + "a" * 2000 + ".kz", "url_length"),
        ("ip", "256.1.1.1", "ip_invalid"),
        ("ip", "2001:db8::g", "ip_invalid"),
        ("protocol", "GOPHERX", "protocol_unknown"),
        ("imei", "356938035643808", "imei_checksum"),
        ("imei", "35693803564380", "imei_format"),
        ("mac", "3C:5A:B4:01:22", "mac_format"),
        ("mac", "ZZ:5A:B4:01:22:9F", "mac_format"),
        ("colour", "red", "fact_kind"),
    ],
)
def test_refuses_with_a_code(kind, raw, code):
    with pytest.raises(ValidationError) as exc:
        normalise_fact(kind, raw)
    assert exc.value.code == code


def test_search_keys_cover_domain_ip_imei_and_url_prefix():
    assert "xn--80awbu3c.xn--80ao21a" in search_keys("МЫСАЛ.қаз")["host"]
    assert search_keys("185.12.44.17")["exact"] >= {"185.12.44.17"}
    assert search_keys("356938035643809")["exact"] >= {"356938035643809"}
    assert search_keys("https://Example.kz/a")["prefix"] == {"https://example.kz/a"}
    assert search_keys("") == {"exact": set(), "host": set(), "prefix": set()}
