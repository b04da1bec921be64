"""Links of the attempt screen, which also serves the authors' preview: ``{% screen_url
"item" 3 %}`` is the attempt's item 3, or the preview's when the page is a preview."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def screen_url(context, name: str, *args) -> str:
    preview = context.get("preview")
    if preview is not None:
        return preview.url(name, *args)
    return reverse(f"attempts:{name}", args=[context["attempt"].pk, *args])
