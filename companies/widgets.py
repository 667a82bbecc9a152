"""The directory's filter selects: FastSelect with options written once per language.

The filter form offers a few hundred options (industries, buildings, certifications, export
markets). They never change between requests (new reference data comes as a new list), so their
<option> markup is written once per language and list, and each request only marks the chosen
one. Like gvalley/widgets.py, this is form-widget markup, held to Django's own Select markup
(tests/companies/test_widgets.py).
"""

import copy

from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_filters.fields import ChoiceIterator

from gvalley.rendering import escape
from gvalley.widgets import FastSelect, _attrs


class ReadyChoices(BaseChoiceIterator):
    """Choices already in Django's normalised form, iterated as they are.

    A plain list would be normalised again on every pass (render, validation). The choices never
    change (new reference data comes as a new list, see `ready_choices`), so every copy of the
    form shares them (no deep copy per request), and their <option> markup is written once per
    language (`markup`, used by ReadySelect) instead of escaping a few hundred labels per request.
    """

    def __init__(self, choices):
        self.choices = choices
        self._markup = {}
        self._values = None

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self  # never changed: copies of a form's fields can share it

    @property
    def values(self):
        """Return the values of every option as text (the ones inside groups too)."""
        if self._values is None:
            values = set()
            for value, label in self.choices:
                options = label if isinstance(label, (list, tuple)) else ((value, label),)
                values.update("" if v is None else str(v) for v, _label in options)
            self._values = frozenset(values)
        return self._values

    def markup(self, closed=frozenset()):
        """Return the <option>s (and <optgroup>s) as FastSelect writes them, none selected, and
        where " selected" goes for each value: {value: offset of the end of its value attribute}
        (the first option holding the value, as Django selects it).

        closed: the positions (among the choices) of groups to write closed (see group_tag).
        Written once per language (labels may be lazy translations) and set of closed groups.
        """
        language = translation.get_language()
        ready = self._markup.get((language, closed))
        if ready is None:
            parts, offsets, length = [], {}, 0
            for index, (choice_value, choice_label) in enumerate(self.choices):
                grouped = isinstance(choice_label, (list, tuple))
                if grouped:
                    group = "" if choice_value is None else choice_value
                    parts.append(self.group_tag(index, group, index in closed))
                    length += len(parts[-1])
                    options = choice_label
                else:
                    options = ((choice_value, choice_label),)
                for option_value, label in options:
                    option_value = "" if option_value is None else str(option_value)
                    head = f'<option value="{conditional_escape(option_value)}"'
                    offsets.setdefault(option_value, length + len(head))
                    # A name shown in Korean on another language's page says so (lang="ko").
                    lang = ' lang="ko"' if getattr(label, "fallback", False) else ""
                    parts.append(f"{head}{lang}>{conditional_escape(label)}</option>")
                    length += len(parts[-1])
                if grouped:
                    parts.append("</optgroup>")
                    length += len(parts[-1])
            ready = self._markup[language, closed] = ("".join(parts), offsets)
        return ready

    def group_tag(self, index, label, closed):
        """Return the <optgroup> start tag of the group at this position."""
        return f'<optgroup label="{conditional_escape(label)}">'


class BuildingChoices(ReadyChoices):
    """The buildings grouped by complex: [(complex, label, [(pk, name), …]), …].

    Each <optgroup> says its complex (data-complex); a closed one is written hidden and
    disabled, so that after the visitor chose a complex only its buildings can be chosen, and
    static/js/companies.js opens and closes the groups as the complex changes.
    """

    def __init__(self, groups):
        super().__init__([(label, options) for _complex, label, options in groups])
        self.complexes = [complex_ for complex_, _label, _options in groups]

    def group_tag(self, index, label, closed):
        state = " hidden disabled" if closed else ""
        return (
            f'<optgroup label="{conditional_escape(label)}"'
            f' data-complex="{conditional_escape(self.complexes[index])}"{state}>'
        )

    def closed_for(self, complexes):
        """Return the positions of the groups of complexes other than these (none if empty)."""
        if not complexes:
            return frozenset()
        return frozenset(i for i, c in enumerate(self.complexes) if c not in complexes)


class ReadyChoiceIterator(ChoiceIterator):
    """django-filter's choices (empty and null options first), telling the widget which options
    come before the ReadyChoices."""

    def __deepcopy__(self, memo):
        # Copied with its field (ChoiceField.__deepcopy__): point to the field's copy, share the
        # choices (ReadyChoices never change) instead of copying them item by item.
        new = copy.copy(self)
        new.field = memo.get(id(self.field), self.field)
        new.choices = copy.deepcopy(self.choices, memo)
        return new

    def leading(self):
        field = self.field
        options = []
        if field.empty_label is not None:
            options.append(("", field.empty_label))
        if field.null_label is not None:
            options.append((field.null_value, field.null_label))
        return options


class ReadySelect(FastSelect):
    """FastSelect, with the markup of ReadyChoices written once (ReadyChoices.markup).

    closed: the positions of groups to write closed (BuildingChoices), set per form.
    """

    closed = frozenset()

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if (
            self.allow_multiple_selected
            or not isinstance(choices, ReadyChoiceIterator)
            or not isinstance(choices.choices, ReadyChoices)
        ):
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        values = set(self.format_value(value))
        has_selected = False
        parts = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
        for option_value, label in choices.leading():
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in values
            has_selected |= selected
            parts.append(
                f'<option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>"
            )
        options, offsets = choices.choices.markup(self.closed)
        if not has_selected:
            found = [offsets[v] for v in values if v in offsets]
            if found:
                at = min(found)
                options = f"{options[:at]} selected{options[at:]}"
        parts.append(options)
        parts.append("</select>")
        return mark_safe("".join(parts))
