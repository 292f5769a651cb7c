"""Who is told after a step of a platform case (seed 004, Rules approved by Order No. 267-НҚ)
beyond the organisations awaiting its open deadlines (which the inbox adds itself):

* ``submit_statistics`` -> the authorised body (``organisation``): the traffic statistics it
  asked for are in, it decides on the throttling instruction (p. 8-9);
* ``report_execution`` -> the authorised body: the STS reports the instruction executed (p. 9);
* ``lift_limits`` -> the STS (``sts``): it is instructed to lift the limits (p. 9);
* ``order_restriction``, ``order_restriction_after_notice`` -> the STS: access is to be
  restricted (Law on Communications, Art. 41-1; p. 6).

The other steps are the authorised body's own, and the terms they open (answer, report,
throttling window) already name whom they await.
"""

from cases.inbox.hooks import actors_by_field

NEXT_ACTORS = {
    "submit_statistics": ("organisation",),
    "report_execution": ("organisation",),
    "lift_limits": ("sts",),
    "order_restriction": ("sts",),
    "order_restriction_after_notice": ("sts",),
}


def next_actors(case, transition_name: str) -> list:
    return actors_by_field(case, NEXT_ACTORS, transition_name)
