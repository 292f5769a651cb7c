"""The staff-list services (seed 001 p. 5): one per legal step (``steps``, registered with
``cases.steps.step_service``), the import (``importing``), the accounts an accepted list grants
(``accounts``), the Appendix 1 letter (``letters``) and the half-yearly refresh (``compliance``)."""

from .steps import (
    staff_list_accept,
    staff_list_receive_by_letter,
    staff_list_return_list,
    staff_list_submit,
    staff_list_supersede,
    staff_list_withdraw,
)

__all__ = [
    "staff_list_accept",
    "staff_list_receive_by_letter",
    "staff_list_return_list",
    "staff_list_submit",
    "staff_list_supersede",
    "staff_list_withdraw",
]
