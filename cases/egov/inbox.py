"""Who is told after a step of a complaint (seed 002, Rules approved by Order No. 58, p. 10)
beyond the organisations awaiting its open deadlines (which the inbox adds itself):

* ``uphold``, ``dismiss`` -> the service provider (``provider``): the reviewing body's decision
  on the complaint against it (p. 10, paragraphs 5-6).

``forward`` and ``register_at_authority`` open the review terms awaiting the reviewing body;
``satisfy`` and ``withdraw`` are the provider's own steps and end the case.
"""

from cases.inbox.hooks import actors_by_field

NEXT_ACTORS = {
    "uphold": ("provider",),
    "dismiss": ("provider",),
}


def next_actors(case, transition_name: str) -> list:
    return actors_by_field(case, NEXT_ACTORS, transition_name)
