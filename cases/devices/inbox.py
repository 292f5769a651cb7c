"""Who is told after a step of a device demand (seed 000, pp. 20-2 - 20-8) beyond the
organisations awaiting its open deadlines (which the inbox adds itself):

* ``send`` -> the IMEI-database operator (``db_operator``): the demand is sent to it (p. 20-2 /
  20-6); its terms start only when the receipt is recorded, so without this it would not know;
* ``inform_requester`` -> the penitentiary authority (``penitentiary``): it is informed the
  demand was executed (the demand form: "inform within 24 hours").

``deliver``, ``receive`` and ``notify_operators`` open terms awaiting the database operator and
each mobile operator; ``complete_execution`` leaves the "inform the requester" term open for the
database operator.
"""

from cases.inbox.hooks import actors_by_field

NEXT_ACTORS = {
    "send": ("db_operator",),
    "inform_requester": ("penitentiary",),
}


def next_actors(case, transition_name: str) -> list:
    return actors_by_field(case, NEXT_ACTORS, transition_name)
