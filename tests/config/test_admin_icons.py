"""The admin's yes / no icons are read aloud in the interface language, not "True" / "False"."""

import pytest
from django.contrib.admin.utils import display_for_value
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "value", "alt"),
    [("kk", True, "Иә"), ("kk", False, "Жоқ"), ("ru", True, "Да"), ("ru", False, "Нет")],
)
def test_boolean_icons_have_a_translated_text_alternative(language, value, alt):
    with translation.override(language):
        html = display_for_value(value, "—", boolean=True)

    assert f'alt="{alt}"' in html
    assert 'alt="True"' not in html and 'alt="False"' not in html
