"""{% load richtext %} gives the `richtext` filter (see gvalley/richtext.py)."""

from gvalley.richtext import register  # noqa: F401
