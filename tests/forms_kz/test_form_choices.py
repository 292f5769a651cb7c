"""A letter's form is named by its title in the viewer's language, never by its code."""

import pytest
from django.utils import translation

from forms_kz.models import OutgoingLetter
from forms_kz.schemas import FORM_SCHEMAS


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_form_choices_read_as_titles_in_the_viewers_language(language):
    field = OutgoingLetter._meta.get_field("form_code")
    with translation.override(language):
        labels = {code: str(label) for code, label in field.choices}
        titles = {code: str(schema.title) for code, schema in FORM_SCHEMAS.items()}

    assert labels == titles
    assert not any(code in label for code, label in labels.items())
