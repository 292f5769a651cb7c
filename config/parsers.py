"""The API's JSON parser: DRF's, within the bounds of ``config.json_limits`` (nesting depth,
number of values), refusing beyond them with 400
``{"detail": ..., "code": "json_too_deep" | "json_too_large"}``.
A NUL character is left to the serializers' fields, which refuse it by field name."""

import codecs

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

from config import json_limits


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            text = codecs.getreader(encoding)(stream).read()
            return json_limits.loads(text, refuse_nul=False, parse_constant=parse_constant)
        except json_limits.JSONRefused as refused:
            raise ParseError(detail={"detail": refused.message, "code": refused.code}) from None
        except ValueError as exc:  # UnicodeDecodeError included
            raise ParseError(f"JSON parse error - {exc}") from exc
