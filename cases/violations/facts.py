"""Facts of a violation (seed 001, Appendix 2 item 3) normalised and validated — pure, no database.

Appendix 2 lists, for every detected fact, "деректерді беру желісіндегі мекенжайлар (IP-мекенжай)
және (немесе) интернет-ресурстың … домендік аты және (немесе) сәйкестендіргіші …, деректерді
беру желісі хаттамасының типі, абоненттік құрылғының сәйкестендіру кодтары (MAC …, IMEI …)".

``normalise_fact(kind, raw)`` returns a :class:`NormalisedFact`:

- ``value``: the canonical form shown to people (Unicode host for IDN domains and URLs);
- ``value_ascii``: the same in ASCII (punycode host, percent-encoded path) — the search and
  duplicate key, indexed;
- ``host``: the ASCII host of a URL or domain, the address of an IP fact ("" otherwise) — so a
  search by domain finds the URLs on it.

URLs and domains are case-folded, so one fact entered in two spellings is one fact (the
duplicate check before a confirmation, p. 10, and the reviewer's search rely on it). IP
addresses are stored in their compressed form, IMEIs as 15 digits with a Luhn check digit, MACs
as AA:BB:CC:DD:EE:FF.
"""

import contextlib
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registries.validators import normalise_imei, normalise_mac


class FactKind:
    URL = "url"
    DOMAIN = "domain"
    IP = "ip"
    PROTOCOL = "protocol"
    IMEI = "imei"
    MAC = "mac"

    ALL = (URL, DOMAIN, IP, PROTOCOL, IMEI, MAC)
    #: The resources of Appendix 2 item 3 (each may name the protocol type it uses).
    RESOURCES = (URL, DOMAIN, IP)


#: Data-network protocol types accepted as a fact (Appendix 2 item 3, "хаттаманың типі").
PROTOCOLS = (
    "HTTP", "HTTPS", "FTP", "FTPS", "SFTP", "SSH", "SMTP", "SMTPS", "POP3", "IMAP", "DNS", "DOH", "DOT",
    "TCP", "UDP", "QUIC", "TLS", "RTMP", "RTSP", "SIP", "XMPP", "MQTT", "BITTORRENT", "TOR", "IPSEC",
    "OPENVPN", "WIREGUARD", "L2TP", "PPTP", "SOCKS5", "WEBSOCKET",
)

URL_SCHEMES = ("http", "https", "ftp", "ftps", "ws", "wss")
MAX_URL_LENGTH = 2000
MAX_DOMAIN_LENGTH = 253

_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Characters kept as-is in the ASCII form of a URL's path and query (RFC 3986 reserved + unreserved + %).
_URL_SAFE = "/:@!$&'()*+,;=?-._~"


@dataclass(frozen=True)
class NormalisedFact:
    kind: str
    value: str
    value_ascii: str
    host: str = ""


def _error(message, code):
    return ValidationError(message, code=code)


def normalise_domain(raw: str) -> tuple[str, str]:
    """A domain name → (Unicode form, punycode form), both case-folded.

    Accepts Unicode (``мысал.қаз``) or punycode (``xn--80awbu3c.xn--80ao21a``) input.
    """
    text = (raw or "").strip().rstrip(".")
    if not text:
        raise _error(_("Enter a domain name."), "domain_empty")
    if any(c.isspace() for c in text) or "/" in text or "@" in text or ":" in text:
        raise _error(_("A domain name may not contain spaces, “/”, “@” or “:”."), "domain_chars")
    text = text.casefold()
    labels = text.split(".")
    if len(labels) < 2 or any(not label for label in labels):
        raise _error(_("A domain name needs at least two labels separated by dots, e.g. example.kz."), "domain_labels")
    ascii_labels = []
    unicode_labels = []
    for label in labels:
        try:
            if label.isascii():
                ascii_label = label
                unicode_label = label.encode("ascii").decode("idna") if label.startswith("xn--") else label
            else:
                ascii_label = label.encode("idna").decode("ascii")
                unicode_label = label
        except UnicodeError as exc:
            raise _error(_("“%(label)s” is not a valid internationalised domain label.") % {"label": label}, "domain_idna") from exc
        if not _LABEL_RE.match(ascii_label):
            raise _error(
                _("“%(label)s” is not a valid domain label (letters, digits and hyphens, at most 63, no hyphen at either end).")
                % {"label": label},
                "domain_label",
            )
        ascii_labels.append(ascii_label)
        unicode_labels.append(unicode_label.casefold())
    if ascii_labels[-1].isdigit():
        raise _error(_("The top-level domain cannot be numeric; for an IP address choose the kind “IP address”."), "domain_tld")
    ascii_form = ".".join(ascii_labels)
    if len(ascii_form) > MAX_DOMAIN_LENGTH:
        raise _error(_("A domain name may be at most 253 characters long."), "domain_length")
    return ".".join(unicode_labels), ascii_form


def normalise_ip(raw: str) -> str:
    """An IPv4 or IPv6 address → its compressed form (lower-case hex for IPv6)."""
    text = (raw or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError as exc:
        raise _error(_("“%(value)s” is not a valid IPv4 or IPv6 address.") % {"value": raw}, "ip_invalid") from exc


def normalise_protocol(raw: str) -> str:
    text = (raw or "").strip().upper().replace(" ", "")
    if text not in PROTOCOLS:
        raise _error(
            _("Unknown protocol type “%(value)s”; use one of: %(choices)s.") % {"value": raw, "choices": ", ".join(PROTOCOLS)},
            "protocol_unknown",
        )
    return text


def resource_protocol(kind: str, raw_protocol: str) -> str:
    """The protocol type a resource uses (Appendix 2 item 3: "интернет-ресурс пайдаланатын деректерді
    беру желісі хаттамасының типі"), normalised; only a URL, domain or IP address has one."""
    if not (raw_protocol or "").strip():
        return ""
    if kind not in FactKind.RESOURCES:
        raise _error(_("Only a URL, a domain name or an IP address has a protocol type."), "protocol_not_resource")
    return normalise_protocol(raw_protocol)


def protocol_of_url(value: str) -> str:
    """The protocol type a URL itself names by its scheme (``https://…`` → HTTPS), if it is a known one."""
    scheme = (value or "").split("://", 1)[0].upper() if "://" in (value or "") else ""
    return {"WS": "WEBSOCKET", "WSS": "WEBSOCKET"}.get(scheme, scheme) if scheme in (*PROTOCOLS, "WS", "WSS") else ""


def _host_forms(host: str) -> tuple[str, str]:
    """(Unicode, ASCII) forms of a URL's host: a domain or an IP address (IPv6 in brackets)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return normalise_domain(host)
    text = address.compressed
    if address.version == 6:
        text = f"[{text}]"
    return text, text


def _url_text(raw: str) -> str:
    """The URL as typed, checked for emptiness, spaces and length; ``http://`` added when it has no scheme."""
    text = (raw or "").strip()
    if not text:
        raise _error(_("Enter a URL."), "url_empty")
    if any(c.isspace() for c in text):
        raise _error(_("A URL may not contain spaces."), "url_chars")
    if len(text) > MAX_URL_LENGTH:
        raise _error(_("A URL may be at most %(max)d characters long.") % {"max": MAX_URL_LENGTH}, "url_length")
    if "://" in text:
        return text
    other_scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)", text)
    if other_scheme:
        raise _scheme_error(other_scheme.group(1))
    return "http://" + text


def _scheme_error(scheme: str) -> ValidationError:
    return _error(
        _("URL scheme “%(scheme)s” is not accepted; use one of: %(choices)s.") % {"scheme": scheme, "choices": ", ".join(URL_SCHEMES)},
        "url_scheme",
    )


def _url_parts(text: str, raw: str):
    """(parts, port, scheme) of a URL with an accepted scheme and a host name."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise _error(_("“%(value)s” is not a valid URL.") % {"value": raw}, "url_invalid") from exc
    scheme = parts.scheme.casefold()
    if scheme not in URL_SCHEMES:
        raise _scheme_error(parts.scheme)
    if not parts.hostname:
        raise _error(_("The URL has no host name."), "url_host")
    return parts, port, scheme


def _url_rest(parts) -> str:
    """Path, query and fragment, decoded and case-folded: percent-encoded and literal forms of
    the same path give the same keys."""
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment:
        rest += "#" + parts.fragment
    return unquote(rest).casefold()


def normalise_url(raw: str) -> tuple[str, str, str]:
    """A URL → (Unicode form, ASCII form, ASCII host), case-folded. A URL without a scheme is read as http://."""
    parts, port, scheme = _url_parts(_url_text(raw), raw)
    try:
        host_unicode, host_ascii = _host_forms(parts.hostname)
    except ValidationError as exc:
        raise _error(_("The URL's host is not valid: %(error)s") % {"error": " ".join(exc.messages)}, "url_host") from exc
    netloc_suffix = f":{port}" if port is not None else ""
    rest = _url_rest(parts)
    rest_ascii = quote(rest, safe=_URL_SAFE + "#")
    value = f"{scheme}://{host_unicode}{netloc_suffix}{rest}"
    value_ascii = f"{scheme}://{host_ascii}{netloc_suffix}{rest_ascii}"
    if len(value_ascii) > MAX_URL_LENGTH:
        raise _error(_("A URL may be at most %(max)d characters long.") % {"max": MAX_URL_LENGTH}, "url_length")
    return value, value_ascii, host_ascii.strip("[]")


def normalise_fact(kind: str, raw: str) -> NormalisedFact:
    """Validate and normalise one fact; raises ValidationError (with a ``code``) if it is not valid."""
    if kind == FactKind.URL:
        value, value_ascii, host = normalise_url(raw)
        return NormalisedFact(kind, value, value_ascii, host)
    if kind == FactKind.DOMAIN:
        value, value_ascii = normalise_domain(raw)
        return NormalisedFact(kind, value, value_ascii, value_ascii)
    if kind == FactKind.IP:
        value = normalise_ip(raw)
        return NormalisedFact(kind, value, value, value)
    if kind == FactKind.PROTOCOL:
        value = normalise_protocol(raw)
        return NormalisedFact(kind, value, value)
    if kind == FactKind.IMEI:
        value = normalise_imei(raw)
        return NormalisedFact(kind, value, value)
    if kind == FactKind.MAC:
        value = normalise_mac(raw)
        return NormalisedFact(kind, value, value)
    raise _error(_("Unknown kind of fact “%(kind)s”.") % {"kind": kind}, "fact_kind")


def search_keys(term: str) -> dict[str, set[str]]:
    """What a reviewer's search term may denote, as index-friendly keys.

    Returns ``{"exact": {...}, "host": {...}, "prefix": {...}}``: ASCII fact values to match
    exactly, hosts to match exactly (a domain finds the URLs on it), URL prefixes.
    """
    term = (term or "").strip()
    keys: dict[str, set[str]] = {"exact": set(), "host": set(), "prefix": set()}
    if not term:
        return keys
    for kind in (FactKind.IP, FactKind.IMEI, FactKind.MAC):
        with contextlib.suppress(ValidationError):
            keys["exact"].add(normalise_fact(kind, term).value_ascii)
    try:
        ip = normalise_ip(term)
        keys["host"].add(ip)
    except ValidationError:
        pass
    looks_like_url = "://" in term or "/" in term
    if not looks_like_url:
        try:
            _unicode, ascii_form = normalise_domain(term)
            keys["exact"].add(ascii_form)
            keys["host"].add(ascii_form)
        except ValidationError:
            pass
    if looks_like_url or "." in term:
        try:
            _value, value_ascii, _host = normalise_url(term)
            keys["exact"].add(value_ascii)
            if looks_like_url:
                keys["prefix"].add(value_ascii)
        except ValidationError:
            pass
    return keys
