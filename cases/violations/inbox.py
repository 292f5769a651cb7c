"""Who is told after a step of a violation report (seed 001): no step of this procedure opens a
deadline, so every hand-over is named here.

* ``submit``, ``resubmit`` -> the authorised body (``addressee``): the state body sends the
  notification to it (Rules p. 8-9, Appendix 2);
* ``return_for_completion`` -> the reporting state body (``organisation``): it is to fill the
  data in in full (p. 8; the return is the system's own step);
* ``confirm``, ``confirm_by_reference``, ``reject``, ``order_restriction``, ``close`` -> the
  reporting state body: the authorised body's decision on its notification (p. 10-11);
* ``withdraw`` -> the authorised body: a notification sent to it is withdrawn (p. 8).

``take_into_review`` tells nobody: the same body that takes it goes on with it.
"""

from cases.inbox.hooks import actors_by_field

NEXT_ACTORS = {
    "submit": ("addressee",),
    "resubmit": ("addressee",),
    "return_for_completion": ("organisation",),
    "confirm": ("organisation",),
    "confirm_by_reference": ("organisation",),
    "reject": ("organisation",),
    "order_restriction": ("organisation",),
    "close": ("organisation",),
    "withdraw": ("addressee",),
}


def next_actors(case, transition_name: str) -> list:
    return actors_by_field(case, NEXT_ACTORS, transition_name)
