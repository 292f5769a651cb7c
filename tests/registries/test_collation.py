"""Kazakh alphabetical order (registries.collation): the pure sort key, and the database order
of regions and organisations on SQLite and PostgreSQL (the ``kazakh`` collation)."""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Collate

from registries.collation import KAZAKH_ALPHABET, compare, kazakh_sort_key, kazakh_sorted
from registries.models import Organisation, RegionalObject

#: (name, the names that must come after it) — each pair is one rule of the alphabet or of ICU.
BEFORE = [
    ("Абай", "Әділет", "Ә after А"),
    ("Әділет", "Батыс", "Ә before Б"),
    ("Гүл", "Ғали", "Ғ after Г"),
    ("Ғали", "Дос", "Ғ before Д"),
    ("Ет", "Ёж", "Ё after Е"),
    ("Ёлка", "Жамбыл", "Ё before Ж"),
    ("Костанай", "Қостанай", "Қ after К"),
    ("Қызылорда", "Лиса", "Қ before Л"),
    ("Ақмола облысы", "Алматы облысы", "Ақ before Ал"),
    ("Нұр", "Ңа", "Ң after Н"),
    ("Оң", "Өр", "Ө after О"),
    ("Өр", "Пар", "Ө before П"),
    ("Ук", "Ұл", "Ұ after У"),
    ("Ұлытау", "Үш", "Ү after Ұ"),
    ("Үш", "Фа", "Ү before Ф"),
    ("Ха", "Һа", "Һ after Х"),
    ("Һа", "Цирк", "Һ before Ц"),
    ("Ыбырай", "Іле", "І after Ы"),
    ("Іле", "Ь", "І before Ь"),
    ("Шымкент қаласы", "Ыбырай", "Ш before Ы"),
    ("әділет", "ӘДІЛЕТ", "case breaks a tie only: lower first"),
    ("ӘДІЛЕТ", "Б", "case never before the letter"),
    ("Алматы қаласы", "Алматы облысы", "word by word"),
    ("Батыс-Қ", "Батысқа", "punctuation ignored first"),
    ("Батысқа", "Батыс Қазақстан облысы", "space ignored first"),
    ("«Қазақтелеком» АҚ", "Қазақтелекомға", "quotes ignored: filed under Қ"),
    ("10", "123", "digits one by one (as ICU)"),
    ("9", "Абай", "digits before letters"),
    ("Яндекс", "Kcell", "Latin after Cyrillic (ICU kk)"),
    ("Kcell", "«Kcell» АҚ", "the same name: punctuation breaks the tie"),
]


@pytest.mark.parametrize("first, second, rule", BEFORE, ids=[rule for *_, rule in BEFORE])
def test_sort_key_orders(first, second, rule):
    assert kazakh_sort_key(first) < kazakh_sort_key(second)
    assert compare(first, second) == -1 and compare(second, first) == 1


def test_alphabet_is_the_42_letters_in_order():
    assert KAZAKH_ALPHABET.upper() == "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
    assert len(KAZAKH_ALPHABET) == 42
    assert kazakh_sorted(reversed(KAZAKH_ALPHABET)) == list(KAZAKH_ALPHABET)


@pytest.mark.parametrize("text", ["", "Абай облысы", "ӘДІЛЕТ", "«Kcell» АҚ"])
def test_only_equal_texts_compare_equal(text):
    assert compare(text, text) == 0
    assert compare(text, text + " ") != 0


REGIONS_IN_KAZAKH_ORDER = [
    "Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы қаласы", "Алматы облысы", "Астана қаласы",
    "Атырау облысы", "Батыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Қарағанды облысы",
    "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы", "Павлодар облысы",
    "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы", "Шығыс Қазақстан облысы",
    "Шымкент қаласы",
]


@pytest.mark.django_db
def test_regions_in_kazakh_order():
    """The 20 regional objects (seed 004 p. 7) in the order of the Kazakh alphabet: the
    default order (form choices, list filters) and an explicit sort by name."""
    assert list(RegionalObject.objects.values_list("name_kk", flat=True)) == REGIONS_IN_KAZAKH_ORDER
    assert list(RegionalObject.objects.order_by("-name_kk").values_list("name_kk", flat=True)) == (
        REGIONS_IN_KAZAKH_ORDER[::-1]
    )


@pytest.mark.django_db
def test_organisations_in_kazakh_order_and_equality_unchanged(demo):
    names = list(Organisation.objects.values_list("name_kk", flat=True))
    assert names == kazakh_sorted(names)
    first = names[0]
    assert Organisation.objects.filter(name_kk=first).count() == names.count(first)
    assert not Organisation.objects.filter(name_kk=first.upper() + "x").exists()


@pytest.mark.django_db
def test_database_order_is_the_sort_key_order():
    """The database (SQLite: the Python key; PostgreSQL: ICU) orders every rule's pair alike."""
    words = sorted({word for first, second, _ in BEFORE for word in (first, second)})
    rows = [RegionalObject(code=f"w{index}", name_kk=word, name_ru=word, kind="region") for index, word in enumerate(words)]
    RegionalObject.objects.all().delete()
    RegionalObject.objects.bulk_create(rows)
    in_database = list(RegionalObject.objects.values_list("name_kk", flat=True))
    assert in_database == kazakh_sorted(words)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_collation_is_icu_kazakh():
    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider FROM pg_collation WHERE collname = 'kazakh'")
        assert cursor.fetchone() == ("i",)
    assert list(
        RegionalObject.objects.annotate(x=Collate(Value("a"), "kazakh")).values_list("name_kk", flat=True)
    ) == REGIONS_IN_KAZAKH_ORDER
