"""Sanitised formatted text (gvalley/richtext.py)."""

from gvalley.richtext import clean_html, richtext


def test_scripts_and_handlers_are_removed():
    html = clean_html(
        '<p onclick="x()">안녕<script>alert(1)</script></p><img src=x onerror=alert(1)>'
    )
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "안녕" in html


def test_javascript_links_are_dropped_and_safe_links_kept():
    html = clean_html('<a href="javascript:alert(1)">a</a> <a href="https://gvalley.example">b</a>')
    assert "javascript:" not in html
    assert 'href="https://gvalley.example"' in html and "noopener" in html


def test_plain_text_gets_paragraphs():
    assert clean_html("첫 줄\n\n둘째 단락") == "<p>첫 줄</p>\n\n<p>둘째 단락</p>"


def test_the_template_filter_sanitises_again():
    assert "<script" not in richtext("<b>굵게</b><script>x</script>")
