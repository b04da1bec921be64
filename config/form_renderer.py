"""How forms render: through the project's template engine, every field group
(``{{ form.field.as_field_group }}``, and each field of ``{{ form }}``) through one
template, ``templates/forms/field.html``.

That template renders the ids a widget's ``aria-describedby`` names (Django sets
``<id>_helptext`` and ``<id>_error`` on the widget): the help text and the error list."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
