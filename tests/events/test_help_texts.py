"""Help texts are text: a staff-written question's help on the application form is escaped."""

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe

from events.models import Question
from tests.markup import formatting_open_at

from .factories import SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db

HOSTILE_HELP = '<b>굵게</b> **x** <script>alert("help")</script>'


def test_a_question_help_text_written_by_staff_shows_as_text(company_manager, client_for):
    event = SelectionEventFactory()
    make_company(manager=company_manager)
    Question.objects.create(event=event, label="수출 경험", help_text=HOSTILE_HELP, position=3)
    html = client_for(company_manager).get(reverse("events:apply", args=[event.slug]))
    html = html.content.decode()
    assert (
        "&lt;b&gt;굵게&lt;/b&gt; **x** &lt;script&gt;alert(&#34;help&#34;)&lt;/script&gt;" in html
    )
    assert '<script>alert("help")' not in html
    assert formatting_open_at(html, "footer") == []


def test_the_field_macro_escapes_help_texts_unless_trusted():
    class Form(forms.Form):
        plain = forms.CharField(help_text=HOSTILE_HELP)
        trusted = forms.CharField(help_text=mark_safe("<em>표시</em>"))

    template = engines["jinja2"].from_string(
        '{% from "includes/_macros.jinja" import fields %}{{ fields(form) }}'
    )
    html = template.render({"form": Form()})
    assert "&lt;b&gt;굵게&lt;/b&gt; **x** &lt;script&gt;" in html
    assert "<b>" not in html and "<script>" not in html
    assert "<em>표시</em>" in html
