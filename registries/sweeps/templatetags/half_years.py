"""``{{ code|half_year }}``: a half-year code as people write it ("2026 ж. II жартыжылдық")."""

from django import template

from registries.sweeps.halfyear import half_year_label

register = template.Library()


@register.filter(name="half_year")
def half_year(code) -> str:
    return half_year_label(code)
