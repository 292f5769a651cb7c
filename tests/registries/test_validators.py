import pytest
from django.core.exceptions import ValidationError

from registries.demo import bin_from_prefix
from registries.validators import (
    luhn_valid,
    national_id_check_digit,
    normalise_imei,
    normalise_kz_mobile,
    normalise_kz_phone,
    normalise_mac,
    validate_bin,
    validate_iin,
)


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "bin_format"),
        ("12345678901", "bin_format"),
        ("1234567890123", "bin_format"),
        ("12345678901a", "bin_format"),
    ],
    ids=["empty", "11 digits", "13 digits", "letter"],
)
def test_bin_format_refused(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_bin(value)
    assert exc.value.code == code


def test_bin_check_digit_first_series():
    # 11 digits 99034000201 → weighted sum with 1..11 decides the 12th digit
    prefix = "99034000201"
    check = sum(int(d) * w for d, w in zip(prefix, range(1, 12), strict=True)) % 11
    assert check != 10
    validate_bin(prefix + str(check))
    with pytest.raises(ValidationError) as exc:
        validate_bin(prefix + str((check + 1) % 10))
    assert exc.value.code == "bin_checksum"


def test_second_weight_series_used_when_first_gives_ten():
    # find a prefix whose first series gives 10, so the second series (3..11,1,2) decides
    prefix = next(
        f"{n:011d}" for n in range(10**10, 10**10 + 1000)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
    )
    weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    second = sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11
    assert national_id_check_digit(prefix) == (None if second == 10 else second)


@pytest.mark.parametrize("prefix", ["24034000001", "99034000301", "08034000501"])
def test_demo_bins_are_valid(prefix):
    validate_bin(bin_from_prefix(prefix))


@pytest.mark.parametrize(
    "value, code",
    [
        ("900101", "iin_format"),
        ("901301300000", "iin_date"),  # month 13
        ("900101900000", "iin_date"),  # century digit 9
    ],
    ids=["short", "month 13", "century digit"],
)
def test_iin_refused(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_iin(value)
    assert exc.value.code == code


def test_iin_valid_and_checksum():
    prefix = "90010130012"  # born 1 Jan 1990, male of the 20th century (digit 3)
    check = national_id_check_digit(prefix)
    assert check is not None
    validate_iin(prefix + str(check))
    with pytest.raises(ValidationError) as exc:
        validate_iin(prefix + str((check + 1) % 10))
    assert exc.value.code == "iin_checksum"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("+7 701 234 56 78", "+77012345678"),
        ("8 (701) 234-56-78", "+77012345678"),
        ("87012345678", "+77012345678"),
        ("77012345678", "+77012345678"),
        ("7012345678", "+77012345678"),
        ("+7-747-000-11-22", "+77470001122"),
    ],
)
def test_mobile_normalised(raw, expected):
    assert normalise_kz_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw, code",
    [
        ("+7 727 254 50 00", "phone_not_mobile"),  # Almaty landline
        ("+7 701 234 56", "phone_length"),
        ("+44 20 7946 0958", "phone_length"),
        ("701-234-56-78 ext", "phone_chars"),
        ("", "phone_chars"),
    ],
    ids=["landline", "short", "foreign", "letters", "empty"],
)
def test_mobile_refused(raw, code):
    with pytest.raises(ValidationError) as exc:
        normalise_kz_mobile(raw)
    assert exc.value.code == code


def test_organisation_phone_accepts_landline():
    assert normalise_kz_phone("8 (7172) 74-00-00") == "+77172740000"
    with pytest.raises(ValidationError):
        normalise_kz_phone("123")


@pytest.mark.parametrize(
    "imei, ok",
    [("490154203237518", True), ("356938035643809", True), ("490154203237517", False), ("49015420323751", False)],
    ids=["valid 1", "valid 2", "bad check digit", "14 digits"],
)
def test_imei(imei, ok):
    if ok:
        assert normalise_imei(imei) == imei
        assert luhn_valid(imei)
    else:
        with pytest.raises(ValidationError):
            normalise_imei(imei)


def test_imei_with_separators_normalised():
    assert normalise_imei("49-015420-323751-8") == "490154203237518"


@pytest.mark.parametrize(
    "raw",
    ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "AABBCCDDEEFF"],
)
def test_mac_notations_stored_one_way(raw):
    assert normalise_mac(raw) == "AA:BB:CC:DD:EE:FF"


@pytest.mark.parametrize("raw", ["aa:bb:cc:dd:ee", "gg:bb:cc:dd:ee:ff", ""])
def test_mac_refused(raw):
    with pytest.raises(ValidationError):
        normalise_mac(raw)


@pytest.mark.parametrize("body, digit", [("49015420323751", "8"), ("35693803564380", "9")])
def test_luhn_check_digit_completes_an_imei(body, digit):
    from registries.validators import luhn_check_digit

    assert luhn_check_digit(body) == digit and luhn_valid(body + digit)


@pytest.mark.parametrize("typed", ["+7 (701) 123-45-6", "+7701123456", "+8 701 123 45 67"])
def test_mobile_with_plus_needs_country_code_and_ten_digits(typed):
    """"+7" typed is the country code: a digit short is refused, not read as a number starting 77."""
    with pytest.raises(ValidationError) as exc:
        normalise_kz_mobile(typed)
    assert exc.value.code == "phone_length"


@pytest.mark.parametrize(
    "typed, stored",
    [("35 209900 176148 1", "352099001761481"), ("35.209900.176148.1", "352099001761481"),
     ("(35) 209900-176148-1", "352099001761481")],
)
def test_imei_separators(typed, stored):
    assert normalise_imei(typed) == stored
