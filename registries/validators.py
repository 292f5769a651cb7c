"""Validators and normalisers for Kazakh identifiers (pure functions, no database).

BIN / IIN: 12 digits, the 12th a check digit computed with two weight series (the
national identification-number standard). Phone: Kazakh mobile numbers +7 7xx xxx xx xx.
IMEI: 15 digits with a Luhn check digit. MAC: any common notation, stored AA:BB:CC:DD:EE:FF.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: What people put between the digits of a number they type or copy: spaces (also the
#: non-breaking ones of a copied document), dashes, dots, slashes and brackets.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015./()]")

_WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def national_id_check_digit(first_eleven: str) -> int | None:
    """Check digit of a 12-digit BIN/IIN, or None when the number cannot be valid."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, _WEIGHTS_FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _WEIGHTS_SECOND, strict=True)) % 11
    return None if check == 10 else check


def _has_valid_check_digit(value: str) -> bool:
    return national_id_check_digit(value[:11]) == int(value[11])


def validate_bin(value: str) -> None:
    """A business identification number: 12 digits with a valid check digit."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("BIN must consist of exactly 12 digits."), code="bin_format")
    if not _has_valid_check_digit(value):
        raise ValidationError(_("BIN check digit is wrong: check the number."), code="bin_checksum")


def iin_birth_date(value: str) -> date | None:
    """Birth date encoded in an IIN (YYMMDD + century digit 1–6), or None if not a date."""
    century_digit = int(value[6])
    if not 1 <= century_digit <= 6:
        return None
    century = 1800 + 100 * ((century_digit - 1) // 2)
    try:
        return date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None


def validate_iin(value: str) -> None:
    """An individual identification number: 12 digits, a birth date, a valid check digit."""
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("IIN must consist of exactly 12 digits."), code="iin_format")
    if iin_birth_date(value) is None:
        raise ValidationError(_("IIN does not start with a valid birth date."), code="iin_date")
    if not _has_valid_check_digit(value):
        raise ValidationError(_("IIN check digit is wrong: check the number."), code="iin_checksum")


#: Mobile (DEF) codes start 70x, 74x–78x; 71x and 72x are geographic (e.g. Astana 7172, Almaty 727).
KZ_MOBILE_PREFIXES = frozenset({"70", "74", "75", "76", "77", "78"})


def normalise_kz_mobile(value: str) -> str:
    """Return a Kazakh mobile number as +77XXXXXXXXX.

    Accepts spaces, dashes, dots and brackets, a leading +7, 7 or 8. Anything that is not a
    Kazakh mobile number (+7 7xx …) raises ValidationError.
    """
    raw = (value or "").strip()
    if not re.fullmatch(r"[\d\s\-().+]+", raw) or raw.count("+") > 1 or "+" in raw[1:]:
        raise ValidationError(_("Phone number may contain only digits, spaces, dashes and brackets."), code="phone_chars")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+") and not (len(digits) == 11 and digits[0] == "7"):
        # "+7 (701) 123-45-6": the +7 is the country code, never the first digit of the number
        raise ValidationError(_("Phone number must have 10 digits after +7."), code="phone_length")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    elif len(digits) != 10:
        raise ValidationError(_("Phone number must have 10 digits after +7."), code="phone_length")
    if digits[:2] not in KZ_MOBILE_PREFIXES:
        raise ValidationError(_("Only Kazakh mobile numbers (+7 7xx xxx xx xx) are accepted."), code="phone_not_mobile")
    return "+7" + digits


def validate_kz_mobile(value: str) -> None:
    """Field validator: the stored value must already be in +77XXXXXXXXX form."""
    if normalise_kz_mobile(value) != value:
        raise ValidationError(_("Enter the phone as +77XXXXXXXXX."), code="phone_format")


def luhn_check_digit(body: str) -> str:
    """The Luhn digit that completes ``body`` (e.g. the 15th digit of an IMEI)."""
    for digit in "0123456789":
        if luhn_valid(body + digit):
            return digit
    raise ValueError(f"no Luhn digit completes {body!r}")  # unreachable for digit strings


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        d = int(char)
        if index % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def validate_imei(value: str) -> None:
    """IMEI (identification code): 15 digits, the last a Luhn check digit (seed 000 ch. 3-1)."""
    if not re.fullmatch(r"\d{15}", value or ""):
        raise ValidationError(_("IMEI must consist of exactly 15 digits."), code="imei_format")
    if not luhn_valid(value):
        raise ValidationError(_("IMEI check digit (Luhn) is wrong."), code="imei_checksum")


def normalise_imei(value: str) -> str:
    """An IMEI as people write it ("35 209900 176148 1", "35-209900-176148-1") → 15 digits."""
    imei = _SEPARATORS.sub("", value or "")
    validate_imei(imei)
    return imei


def normalise_iin(value: str) -> str:
    """An IIN typed with spaces, dashes or dots ("900101 300 123") → 12 digits, then checked."""
    iin = _SEPARATORS.sub("", value or "")
    validate_iin(iin)
    return iin


def normalise_bin(value: str) -> str:
    """A BIN typed with spaces, dashes or dots ("990340 002 013") → 12 digits, then checked."""
    bin_ = _SEPARATORS.sub("", value or "")
    validate_bin(bin_)
    return bin_


def normalise_mac(value: str) -> str:
    """A MAC address in any common notation (aa:bb.., aa-bb.., aabb.ccdd.eeff, bare hex) → AA:BB:CC:DD:EE:FF."""
    hex_digits = re.sub(r"[\s:\-.]", "", value or "")
    if not re.fullmatch(r"[0-9A-Fa-f]{12}", hex_digits):
        raise ValidationError(_("MAC address must have 12 hexadecimal digits."), code="mac_format")
    hex_digits = hex_digits.upper()
    return ":".join(hex_digits[i : i + 2] for i in range(0, 12, 2))


def normalise_kz_phone(value: str) -> str:
    """Any Kazakh phone (landline or mobile) in common notation → +7XXXXXXXXXX."""
    raw = (value or "").strip()
    digits = re.sub(r"\D", "", raw)
    if not re.fullmatch(r"[\d\s\-().+]+", raw) or len(digits) != 11 or digits[0] not in "78":
        raise ValidationError(_("Enter the phone as +7XXXXXXXXXX (11 digits)."), code="phone_format")
    return "+7" + digits[1:]


def validate_kz_phone(value: str) -> None:
    if normalise_kz_phone(value) != value:
        raise ValidationError(_("Enter the phone as +7XXXXXXXXXX (11 digits)."), code="phone_format")


def validate_not_in_future(value, message=None):
    """The one "not in the future" check of a moment a person types (receipt, execution,
    detection …): a field-level ValidationError; ``None`` passes."""
    from django.utils import timezone

    if value is not None and value > timezone.now():
        raise ValidationError(message or _("This moment cannot be in the future."), code="in_future")
    return value


def required_text(value, field_name: str, message) -> str:
    """The one check of a text the acts make a document (grounds, an answer, a reason, a letter's
    number): stripped, not empty, else a field-level ValidationError coded ``required``."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field_name: ValidationError(message, code="required")})
    return text
