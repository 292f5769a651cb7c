"""Personal data of the service's applicants and complainants: masking in lists, and the log of
every view of a full record.

Who sees what:

* the service provider's staff and integrations see IIN and phone in full, in lists too — they
  run the service and answer the applicant;
* everyone else who may see the record at all (the authorised body, the complaint-reviewing body
  and the service-quality authority on complaints forwarded to them) sees them masked in lists;
* opening one full record (admin change view, API retrieve) shows them in full — for a reviewing
  body that includes the complaint's linked request — and is written to ``PersonalDataAccess``.
"""

from django.contrib.contenttypes.models import ContentType

from .selectors import provider_staff_organisation


def mask_iin(value: str) -> str:
    """900101300034 → 9001******34."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_phone(value: str) -> str:
    """+77011235678 → +7701***5678."""
    if not value:
        return ""
    if len(value) < 9:
        return "*" * len(value)
    return value[:5] + "*" * (len(value) - 9) + value[-4:]


def sees_full_in_lists(user, provider_id) -> bool:
    """The provider's own staff (role service_provider, same organisation) see lists unmasked."""
    organisation = provider_staff_organisation(user)
    return organisation is not None and organisation.pk == provider_id


def record_access(user, record, via: str):
    """Write one row of the personal-data access log for ``user`` opening ``record``."""
    from .models import PersonalDataAccess

    return PersonalDataAccess.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        via=via,
    )
