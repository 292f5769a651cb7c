"""Who is told after a step of a staff list (seed 001, Rules approved by Order No. 409, p. 5):
no step opens a deadline, so every hand-over is named here.

* ``submit`` -> the authorised body (``addressee``): the state body sends its list to it (p. 5,
  Appendix 1);
* ``receive_by_letter`` -> the state body (``organisation``): its list sent by letter is
  registered (p. 5, Appendix 1; p. 3);
* ``return_list`` -> the state body: the list is returned for correction (p. 5, Appendix 1);
* ``accept`` -> the state body: the list is accepted and the accounts granted (p. 5);
* ``withdraw`` -> the authorised body: a list sent to it is withdrawn (p. 5).

``supersede`` (the system's own step when a newer list is accepted) tells nobody more.
"""

from cases.inbox.hooks import actors_by_field

NEXT_ACTORS = {
    "submit": ("addressee",),
    "receive_by_letter": ("organisation",),
    "return_list": ("organisation",),
    "accept": ("organisation",),
    "withdraw": ("addressee",),
}


def next_actors(case, transition_name: str) -> list:
    return actors_by_field(case, NEXT_ACTORS, transition_name)
