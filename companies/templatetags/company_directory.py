"""Tags of the directory list, written in Python because a page repeats them many times.

{% company_card card badges_label %}: one company card (see companies/cards.py).
{% company_cards cards badges_label %}: every card of the list, as the template's loop wrote them
(`<li>{% company_card %}</li>` per card, whitespace included).
{% filter_fields form %}: the filter form's fields but the search box, as the list template
wrote them with a loop over the bound fields (same markup, whitespace included).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from companies.cards import render_card

register = template.Library()
register.simple_tag(render_card, name="company_card")


@register.simple_tag
def company_cards(cards, badges_label):
    """Return the list's cards, each in its <li>, with the loop's whitespace."""
    return mark_safe(
        "".join(
            f"\n          <li>{render_card(card, badges_label)}</li>\n        " for card in cards
        )
    )


@register.simple_tag
def filter_fields(form, skip="q"):
    """Return each field's label, widget and errors, all but the `skip` field."""
    parts = []
    for field in form:
        parts.append("\n          ")
        if field.name != skip:
            errors = "".join(f'<p class="error">{conditional_escape(e)}</p>' for e in field.errors)
            parts.append(
                "\n"
                '            <div class="field">\n'
                f'              <label for="{conditional_escape(field.auto_id)}">'
                f"{conditional_escape(field.label)}</label>\n"
                f"              {field}\n"
                f"              {errors}\n"
                "            </div>\n"
                "          "
            )
        parts.append("\n        ")
    return mark_safe("".join(parts))
