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


def test_fast_select_with_flat_choices_matches_django_select_markup():
    flat = [("", "전체"), ("1", "1단지 <구로구>"), ("2", '2단지 "금천구"'), (3, "3")]
    for value in [None, "", "2", 3, "<script>"]:
        attrs = {"id": "id_complex", "class": "wide", "required": True}
        slow = forms.Select(choices=flat).render("complex", value, attrs)
        fast = FastSelect(choices=flat).render("complex", value, attrs)
        assert fast == re.sub(r">\s+<", "><", slow.strip()), value


def test_fast_inputs_match_django_input_markup():
    from gvalley.widgets import FastCheckboxInput, FastDateInput, FastHiddenInput, FastTextInput

    pairs = [
        (forms.TextInput, FastTextInput, ["", "보안 <b>", '"q"']),
        (forms.DateInput, FastDateInput, [None, "2024-09-02"]),
        (forms.CheckboxInput, FastCheckboxInput, [False, True]),
        (forms.HiddenInput, FastHiddenInput, ["", "7&8"]),
    ]
    for slow_class, fast_class, values in pairs:
        for value in values:
            attrs = {"id": "id_x", "placeholder": "예: 보안", "disabled": False, "required": True}
            slow = slow_class().render("x", value, attrs)
            assert fast_class().render("x", value, attrs) == slow.strip(), (fast_class, value)


def test_fast_select_marks_a_korean_original_label_as_korean():
    from gvalley.translated import pick

    choices = [
        ("", "Any"),
        ("1", pick("가산 정밀공장동", "", "en")),
        ("2", pick("대륭", "Daeryung", "en")),
    ]
    html = FastSelect(choices=choices).render("building", "1")
    assert '<option value="1" selected lang="ko">가산 정밀공장동</option>' in html
    assert '<option value="2">Daeryung</option>' in html
    assert html.count("lang=") == 1
