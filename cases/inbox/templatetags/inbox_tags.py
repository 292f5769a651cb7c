from django import template

from cases.inbox.selectors import COUNT_CAP, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread_count(context):
    """The header badge: the reader's unread notices (one indexed count, nothing cached); None
    for a user without an organisation (no inbox)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return unread_count(user, cap=COUNT_CAP)
