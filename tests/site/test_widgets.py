"""FastSelect renders exactly what Django's Select renders."""

import re

from django import forms

from gvalley.widgets import FastSelect

CHOICES = [
    ("", "전체"),
    ("1", "1단지 <구로구>"),
    ("2", '2단지 "금천구"'),
    ("그룹", [("a", "가"), ("b", "나 & 다")]),
]


def test_fast_select_matches_django_select_markup():
    for value in [None, "", "2", "b", "<script>"]:
        slow = forms.Select(choices=CHOICES).render("complex", value, {"id": "id_complex"})
        fast = FastSelect(choices=CHOICES).render("complex", value, {"id": "id_complex"})
        # Identical but for the indentation Django's templates put between tags.
        assert fast == re.sub(r">\s+<", "><", slow.strip()), value
