"""How a person appears wherever the interface names one: full name and position, never a login.

Where the name and position come from, first found wins:

- the user's entry in the accepted staff list of the user's organisation (order № 409 p. 5,
  Appendix 1: full name, work e-mail, position), found by the user's e-mail;
- the user's profile (``UserProfile.position``) and account (first and last name);
- the login, only when nothing else names the person.
"""

from django.db.models import Q

#: Cached on the user object for one request's worth of panels (a timeline names one person often).
_CACHE_ATTRIBUTE = "_person_label"


def _staff_entry(user, organisation_id):
    from registries.stafflists.choices import StaffListState
    from registries.stafflists.models import StaffListEntry

    email = (user.email or "").strip()
    if not email or organisation_id is None:
        return None
    return (
        StaffListEntry.objects.filter(email__iexact=email, staff_list__state=StaffListState.ACCEPTED)
        .filter(Q(staff_list__organisation_id=organisation_id) | Q(subordinate_organisation_id=organisation_id))
        .only("full_name", "position")
        .first()
    )


def person_name_and_position(user) -> tuple[str, str]:
    """(full name, position) of ``user``: the staff-list entry, then the profile and account,
    then the login (position empty when nothing states it)."""
    if user is None:
        return "", ""
    profile = getattr(user, "profile", None) if _has_profile(user) else None
    entry = _staff_entry(user, getattr(profile, "organisation_id", None))
    name = (getattr(entry, "full_name", "") or user.get_full_name() or "").strip() or user.get_username()
    position = (getattr(profile, "position", "") or getattr(entry, "position", "") or "").strip()
    return name, position


def person_label(user) -> str:
    """"Омарова Айгүл, бас маман" — the person's full name and position (the name alone when no
    position is recorded; the login only when no name is); "" for no user."""
    if user is None:
        return ""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    name, position = person_name_and_position(user)
    label = f"{name}, {position}" if position else name
    setattr(user, _CACHE_ATTRIBUTE, label)
    return label


def _has_profile(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.profile is not None
    except (ObjectDoesNotExist, AttributeError):
        return False
