"""A changelist's columns as a spreadsheet has them: the headings in the active language and
each value as a person reads it on the list — choice labels, people by name (``person_label``),
badges as their text, yes / no — never a stored code. Dates and numbers stay typed here; the
writers (``writers``) format them."""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext

from registries.people import person_label

#: admin list columns that are controls, not data
SKIPPED_COLUMNS = ("action_checkbox",)
_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    name: object  # a list_display entry: a name or a callable
    heading: str


def columns_of(changelist) -> list[Column]:
    """The list's columns, in its order, with the headings the list shows (active language)."""
    found = []
    for name in changelist.list_display:
        if name in SKIPPED_COLUMNS:
            continue
        heading = label_for_field(name, changelist.model, changelist.model_admin)
        found.append(Column(name, plain_text(heading)))
    return found


def row_of(obj, columns, model_admin) -> list:
    return [human_value(column.name, obj, model_admin) for column in columns]


def next_deadline_text(obj) -> str:
    """The next-deadline column (``CaseAdminMixin.deadline_badge``) as words: its due time in
    Almaty, how it stands and its rule by its label (``rule_label``), never the rule's code."""
    from cases.monitoring.badges import STATE_WORDS, _nearest, badge_colour
    from cases.rules import rule_label

    nearest = _nearest(obj)
    if nearest is None:
        return ""
    due, start, rule, _citation = nearest
    moment = formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT")
    return f"{moment} · {STATE_WORDS[badge_colour(start, due)]} · {rule_label(rule)}"


#: columns whose screen form is a badge or a panel: the words a spreadsheet gets instead
SPREADSHEET_VALUES = {"deadline_badge": next_deadline_text}


def yes_no(value) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def plain_text(value) -> str:
    """A text as read on the screen: markup (a badge, a link) reduced to its words."""
    text = str(value)
    if isinstance(value, SafeData) or "<" in text:
        text = html.unescape(strip_tags(_LINE_BREAK.sub(" · ", text)))
    return _SPACES.sub(" ", text).strip()


def plain(value):
    """A value of the list as a spreadsheet cell: typed dates and numbers, text for the rest."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (datetime, date, int, float, Decimal)):
        return value
    if isinstance(value, get_user_model()):
        return person_label(value)
    if isinstance(value, (str, Promise, models.Model)):
        return plain_text(value)
    return plain_text(value)


def human_value(name, obj, model_admin):
    """The cell of column ``name`` for ``obj``, as the list shows it."""
    if isinstance(name, str) and name in SPREADSHEET_VALUES:
        return SPREADSHEET_VALUES[name](obj)
    try:
        field, attr, value = lookup_field(name, obj, model_admin)
    except (AttributeError, ObjectDoesNotExist):
        return ""
    if field is None:
        if getattr(attr, "boolean", False):
            return yes_no(value)
        return plain(value)
    if getattr(field, "flatchoices", None):
        if value in (None, ""):
            return ""
        return plain(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return yes_no(value)
    if isinstance(field, models.ManyToManyField):
        return ", ".join(str(plain(item)) for item in value.all())
    return plain(value)
