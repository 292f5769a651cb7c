"""The per-procedure hook: ``<procedure package>.inbox.next_actors(case, transition_name)``.

A procedure lists the steps whose next actor has no deadline of their own (a submission to a
reviewer without a term, a return to the reporter, a decision the requester must learn of) as
a table ``{transition name: (organisation field of the case, ...)}``; ``actors_by_field`` reads
it. The organisations awaiting the case's open deadlines are added by the inbox itself.
"""

from importlib import import_module


def actors_by_field(case, table: dict[str, tuple[str, ...]], transition_name: str) -> list:
    """The organisations the case's fields named in ``table[transition_name]`` point at (pure:
    reads the case's already-loaded foreign keys; duplicates and empty fields left out)."""
    found, seen = [], set()
    for field_name in table.get(transition_name, ()):
        organisation = getattr(case, field_name, None)
        if organisation is not None and organisation.pk not in seen:
            seen.add(organisation.pk)
            found.append(organisation)
    return found


def hook_of(model):
    """The procedure's ``next_actors`` (from ``<package>.inbox``), or None when it has none."""
    package = model.__module__.rpartition(".")[0]
    try:
        module = import_module(f"{package}.inbox")
    except ModuleNotFoundError as exc:
        if exc.name != f"{package}.inbox":
            raise
        return None
    return getattr(module, "next_actors", None)
