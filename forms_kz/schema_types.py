"""The building blocks of the forms' data schemas (``forms_kz.schemas``): value types, keys, a form."""

from __future__ import annotations

from dataclasses import dataclass, field

STR, TEXT, DATE, DATETIME, INT, BOOL, CHOICE, LIST = ("str", "text", "date", "datetime", "int", "bool", "choice", "list")


@dataclass(frozen=True)
class Key:
    name: str
    type: str
    required: bool
    meaning: str
    choices: tuple[str, ...] = ()
    row: tuple[Key, ...] = ()
    default: object = None
    validator: str = ""  # name of a function in registries.validators (raises ValidationError)


@dataclass(frozen=True)
class FormSchema:
    code: str
    title: str
    citation: str  # user-facing, Kazakh
    source: str  # developer-facing: act and clause
    keys: tuple[Key, ...]
    sample: dict = field(default_factory=dict)

    @property
    def required(self) -> list[str]:
        return [k.name for k in self.keys if k.required]

    @property
    def optional(self) -> list[str]:
        return [k.name for k in self.keys if not k.required]

    def key(self, name: str) -> Key:
        for k in self.keys:
            if k.name == name:
                return k
        raise KeyError(name)


def _signatory(position_required: bool = True, position_default: str | None = None) -> tuple[Key, ...]:
    return (
        Key("signatory_position", STR, position_required,
            "position printed in the signature block", default=position_default),
        Key("signatory_name", STR, True, "full name of the signatory (patronymic when any)"),
    )


PLATFORM_KIND = Key(
    "platform_kind", CHOICE, False,
    "'platform' (онлайн-платформа) or 'messenger' (лездік хабар алмасу сервисі); default 'platform'",
    choices=("platform", "messenger"), default="platform",
)
