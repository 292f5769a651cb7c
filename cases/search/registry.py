"""The procedures' search hooks and the one way a hook turns a scoped queryset into results.

Each app that has records to find keeps a ``search.py`` with one function decorated
``@search_hook(app_label)``: ``(query: SearchQuery, user) -> list[ResultGroup]``. The app's
``AppConfig.ready`` of ``cases.search`` imports them all (``autodiscover_modules("search")``).
A hook starts from ``Model.objects.visible_to(user)`` (or ``registries.scoping.scoped``) and
builds its groups with ``group_of``: a model the user has no view permission for gives no group.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse

#: How many rows one group shows; the rest are behind the "all N in the list" link.
GROUP_LIMIT = 10

_hooks: dict[str, Callable] = {}
_orders: dict[str, int] = {}

#: Where a hook's procedure stands on the results page: the procedures first, reference data last.
PROCEDURE, REFERENCE_DATA = 0, 1


@dataclass(frozen=True)
class Hit:
    """One found record: what it is, where it stands, where it opens."""

    label: str
    state: str
    url: str
    detail: str = ""


@dataclass
class ResultGroup:
    """The records of one model that matched (at most ``GROUP_LIMIT`` of ``total``)."""

    title: str
    hits: list[Hit]
    total: int
    list_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.hits), 0)


@dataclass
class ProcedureResults:
    """One procedure's (one app's) groups, under the procedure's name."""

    app_label: str
    title: str
    groups: list[ResultGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def search_hook(app_label: str, order: int = PROCEDURE):
    """Register ``func`` as ``app_label``'s search (one per app; re-registering replaces it);
    ``order``: ``PROCEDURE`` or ``REFERENCE_DATA`` (shown after every procedure)."""

    def register(func):
        _hooks[app_label] = func
        _orders[app_label] = order
        return func

    return register


def registered_hooks() -> dict[str, Callable]:
    return dict(_hooks)


def can_view(user, model) -> bool:
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


def change_url(obj) -> str:
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def changelist_url(model, **params) -> str:
    meta = model._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(params)}" if params else url


def group_of(queryset, user, *, hit: Callable, list_params: dict | None = None, title: str = "") -> ResultGroup | None:
    """The group of ``queryset`` (already scoped and filtered) for ``user``; None when the user
    may not view the model or nothing matched. ``hit(obj) -> Hit``; ``list_params``: the
    changelist's query string that shows the same records (no link without it)."""
    model = queryset.model
    if not can_view(user, model):
        return None
    rows = list(queryset[: GROUP_LIMIT + 1])
    if not rows:
        return None
    total = len(rows) if len(rows) <= GROUP_LIMIT else queryset.count()
    rows = rows[:GROUP_LIMIT]
    list_url = changelist_url(model, **list_params) if list_params is not None and total > len(rows) else ""
    return ResultGroup(
        title=title or str(model._meta.verbose_name_plural).capitalize(),
        hits=[hit(obj) for obj in rows],
        total=total,
        list_url=list_url,
    )


def run_search(query, user) -> list[ProcedureResults]:
    """Every registered hook's groups for ``query``, each procedure under its own name, in the
    order of ``INSTALLED_APPS`` with reference data last; procedures that found nothing are left out."""
    if not query.kinds:
        return []
    results = []
    for config in sorted(apps.get_app_configs(), key=lambda config: _orders.get(config.label, PROCEDURE)):
        hook = _hooks.get(config.label)
        if hook is None:
            continue
        groups = [group for group in hook(query, user) if group is not None]
        if groups:
            results.append(ProcedureResults(config.label, str(config.verbose_name), groups))
    return results
