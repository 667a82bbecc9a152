"""Pages are templates: no Python file of the portal writes page markup (issue "Pages as templates").

Markup lives in `templates/**/*.jinja`; Python prepares the data. The scan reads every string
literal (f-strings included) of the apps' and gvalley's code and fails on an HTML tag in one.
"""

import io
import re
import tokenize
from pathlib import Path

from django.conf import settings

PACKAGES = ["gvalley", "companies", "events", "council", "heritage"]
TAG = re.compile(
    r"<(?:a\s+href|a\s|li|div|span|ul|ol|tr|td|th|p|h[1-6]|section|article|nav|img|table|form"
    r"|input|button|label|time|strong|em|dl|dt|dd|br|small|figure|select|option|optgroup|script"
    r"|meta|link)[\s>/]",
    re.IGNORECASE,
)
# Where Python writing markup is the framework's way: the admin's columns and actions (format_html),
# form widgets (Django renders them from Python), and the sanitiser's list of allowed tags.
ALLOWED = {
    "gvalley/widgets.py": "fast form widgets, held to Django's own widget markup",
    "companies/widgets.py": "the directory's filter selects: options written once per language",
    "gvalley/adminsite.py": "the admin site",
    "companies/forms.py": "a help text naming the tags a description may use (shown escaped)",
    "companies/generate.py": "generated descriptions: formatted text stored as content",
}


def _is_allowed(relative):
    # The demo loaders write content (formatted text, sanitised like staff input), not pages.
    return (
        relative in ALLOWED
        or relative.endswith(("/admin.py", "/demo.py"))
        or "/migrations/" in relative
    )


def _text_tokens(source):
    """The string literals of a module that are not docstrings or comments."""
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and previous in (
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.NL,
        ):
            pass  # a string standing alone as a statement: a docstring
        elif token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            yield token
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type


def files_writing_markup():
    root = Path(settings.BASE_DIR)
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if _is_allowed(relative):
                continue
            source = path.read_text(encoding="utf-8")
            for token in _text_tokens(source):
                if TAG.search(token.string):
                    found.setdefault(relative, token.start[0])
    return found


def test_no_python_file_writes_page_markup():
    found = files_writing_markup()
    assert found == {}, "Markup belongs in templates/**/*.jinja: " + ", ".join(
        f"{name}:{line}" for name, line in found.items()
    )


def test_the_scan_finds_markup_in_a_string():
    assert TAG.search('f"<li><a href=\\"{url}\\">"') and TAG.search("<div class='x'>")
    assert not TAG.search("a < b and c > d") and not TAG.search("<2024>")
