"""Form widgets shared by the apps: Django's markup, built in Python.

Django renders every widget through templates (select.html with one option template per
<option>, input.html including attrs.html): about a tenth of a millisecond per input, and ~20 ms
for a filter form with a few hundred options (buildings, industries). These subclasses keep
Django's behaviour (values, attributes, selected and checked state) and class names, so that
BoundField.widget_type stays "select", "date", "checkbox", "hidden", and produce the same HTML.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .rendering import escape


def _attrs(attrs):
    """Return the attributes as django/forms/widgets/attrs.html writes them, in the same order."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """A <select> with the same markup as Django's, written straight from the choices.

    Django's optgroups() builds a dictionary of attributes per <option> and renders a template
    for each; this walks the choices once, <optgroup>s and multiple selects included. An option
    whose label is the Korean original on another language's page (a Translated with .fallback)
    says lang="ko", which Django's Select cannot.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        has_selected = False
        parts = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
        for choice_value, choice_label in self.choices:
            grouped = isinstance(choice_label, (list, tuple))
            if grouped:
                group = "" if choice_value is None else choice_value
                parts.append(f'<optgroup label="{conditional_escape(group)}">')
                options = choice_label
            else:
                options = ((choice_value, choice_label),)
            for option_value, label in options:
                option_value = "" if option_value is None else str(option_value)
                # As ChoiceWidget.optgroups: only the first option holding the value is selected.
                selected = (multiple or not has_selected) and option_value in values
                has_selected |= selected
                # A name shown in Korean on another language's page says so (lang="ko"), as a
                # Translated label knows (gvalley/translated.py; ReadyChoices does the same).
                lang = ' lang="ko"' if getattr(label, "fallback", False) else ""
                parts.append(
                    f'<option value="{conditional_escape(option_value)}"'
                    f"{' selected' if selected else ''}{lang}>{conditional_escape(label)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class _FastInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        shown = "" if value is None else f' value="{escape(value)}"'
        return mark_safe(
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )


class FastTextInput(_FastInputMixin, forms.TextInput):
    pass


class FastDateInput(_FastInputMixin, forms.DateInput):
    pass


class FastCheckboxInput(_FastInputMixin, forms.CheckboxInput):
    pass


class FastHiddenInput(_FastInputMixin, forms.HiddenInput):
    pass
