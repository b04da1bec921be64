from django import template

from config.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """``{{ role.description|markdown }}``: Markdown to sanitised HTML."""
    return render_markdown(text)
