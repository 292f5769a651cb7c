"""File inputs carry a labelled button in the interface language, not the browser's "Choose File"."""

import re

import pytest
from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.utils import translation


class UploadForm(forms.Form):
    screenshot = forms.FileField(label="screenshot")


class AdminUploadForm(forms.Form):
    screenshot = forms.FileField(label="screenshot", widget=AdminFileWidget)


@pytest.mark.parametrize("form_class", [UploadForm, AdminUploadForm])
@pytest.mark.parametrize(("language", "button"), [("kk", "Файлды таңдау"), ("ru", "Выбрать файл")])
def test_file_input_has_a_translated_labelled_button(form_class, language, button):
    with translation.override(language):
        html = str(form_class()["screenshot"])
    input_id = re.search(r'<input type="file" name="screenshot"[^>]*\bid="([^"]+)"', html).group(1)
    assert f'<label for="{input_id}" class="file-picker-button">{button}</label>' in html
    assert "file_picker.js" in html


def test_several_files_are_offered_as_several():
    class Several(forms.ClearableFileInput):
        allow_multiple_selected = True

    field = forms.FileField(widget=Several(attrs={"multiple": True}))
    with translation.override("kk"):
        html = field.widget.render("shots", None, attrs={"id": "id_shots"})
    assert "Файлдарды таңдау" in html
