"""Bounds of JSON sent by users: the letter data field of the admin and every API body.

Python's parser recurses once per nesting level, so a body of 100,000 ``[`` ends in a
RecursionError (a 500); PostgreSQL refuses U+0000 in text and jsonb (a DataError, a 500). Both are
a user's mistake and get a clear refusal instead: :func:`loads` parses within the limits and
raises :class:`JSONRefused` with a machine-readable ``code`` and a translated message.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput, JSONString
from django.utils.translation import gettext_lazy as _

#: Defaults (settings JSON_MAX_DEPTH, JSON_MAX_ITEMS override them).
MAX_DEPTH = 20
MAX_ITEMS = 100_000


class JSONRefused(ValueError):
    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


def limits() -> tuple[int, int]:
    return getattr(settings, "JSON_MAX_DEPTH", MAX_DEPTH), getattr(settings, "JSON_MAX_ITEMS", MAX_ITEMS)


def check(value, *, refuse_nul: bool = True) -> None:
    """Raise JSONRefused when ``value`` (parsed JSON) is nested deeper than the limit, holds more
    items (keys, list entries, scalars) than the limit, or (``refuse_nul``) has a NUL character in
    a key or string. The API parser leaves NUL to the serializers' fields, which refuse it by name."""
    max_depth, max_items = limits()
    items = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        items += 1
        if items > max_items:
            raise JSONRefused("json_too_large", _("The data hold more than %(count)s values.") % {"count": max_items})
        if isinstance(node, dict):
            children = []
            for key, child in node.items():
                if refuse_nul and "\x00" in key:
                    raise JSONRefused("null_character", _("The data must not contain the NUL character (\\u0000)."))
                children.append(child)
        elif isinstance(node, list):
            children = node
        else:
            if refuse_nul and isinstance(node, str) and "\x00" in node:
                raise JSONRefused("null_character", _("The data must not contain the NUL character (\\u0000)."))
            continue
        if children and depth >= max_depth:
            raise JSONRefused("json_too_deep", _("The data are nested more than %(depth)s levels deep.") % {"depth": max_depth})
        stack.extend((child, depth + 1) for child in children)


def loads(text, *, refuse_nul: bool = True, **kwargs):
    """``json.loads`` within the limits (JSONRefused, or ValueError for text that is not JSON)."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        max_depth, _items = limits()
        raise JSONRefused("json_too_deep", _("The data are nested more than %(depth)s levels deep.") % {"depth": max_depth}) from None
    check(value, refuse_nul=refuse_nul)
    return value


class JSONFormField(forms.JSONField):
    """A form's JSON field within the limits: a refusal is the field's error (with its code), and
    an invalid input is shown again as typed, never parsed a second time."""

    def to_python(self, value):
        if self.disabled or value in self.empty_values or isinstance(value, (list, dict, int, float, JSONString)):
            return super().to_python(value)
        try:
            converted = loads(value, cls=self.decoder)
        except JSONRefused as refused:
            raise ValidationError(refused.message, code=refused.code) from None
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None
        return JSONString(converted) if isinstance(converted, str) else converted

    def bound_data(self, data, initial):
        if self.disabled:
            return initial
        if data is None:
            return None
        try:
            return loads(data, cls=self.decoder)
        except ValueError:  # JSONRefused included
            return InvalidJSONInput(data)
