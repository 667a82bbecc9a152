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
    """A <select> with the same markup as Django's, built in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in choices
        ):
            return self._render_groups(name, value, attrs)
        values = self.format_value(value)
        parts = [f'<select name="{escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, label in choices:
            if option_value is None:
                option_value = ""
            # As ChoiceWidget.optgroups: only the first option holding the value is selected.
            selected = not has_selected and str(option_value) in values
            has_selected |= selected
            parts.append(
                f'<option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))

    def _render_groups(self, name, value, attrs):
        """Choices in <optgroup>s, or a multiple select: through Django's optgroups()."""
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'<option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                for option in options
            )
            if group_name:
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
