from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_folders(context) -> list:
    """The signed-in user's folders, read once per request however many rows offer "add to folder"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return []
    if not hasattr(request, "_desk_folders"):
        from desk.models import Folder

        request._desk_folders = list(Folder.objects.filter(user=user).only("pk", "name"))
    return request._desk_folders
