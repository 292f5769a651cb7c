"""Who is told after a step of an inactive-account sweep (seed 001, Rules approved by Order
No. 409, p. 6): the authorised body forms, reviews and applies the list itself, no deadline.

* ``start_review`` -> the organisation of the official who formed the sweep (the authorised
  body): its supervisor applies the list (p. 6; reviewing and applying are the system's steps).

``apply`` and ``close`` tell nobody more: the supervisor who applies goes on to close it.
"""

STEPS_TO_FORMER = ("start_review",)


def next_actors(case, transition_name: str) -> list:
    if transition_name not in STEPS_TO_FORMER:
        return []
    former = getattr(case, "formed_by", None)
    profile = getattr(former, "profile", None) if former is not None else None
    organisation = getattr(profile, "organisation", None)
    return [organisation] if organisation is not None else []
