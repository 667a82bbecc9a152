"""The charts of /stats/ drawn as SVG by pygal, on the server, from the charts' tables.

pygal (not hand-written SVG, not a JavaScript library): the page stays server-rendered and works
with JavaScript off, the chart is a static image file the browser caches, and the table beside it
is the very data the image was drawn from. pygal's scripts (tooltips, and the inline script with
its configuration) are left out: `js=[]`, and the config script taken out of pygal's tree.
The SVG is served as its own file and shown with `<img>`: an image runs no script and its styles
stay inside it, so the page's CSP is unchanged; the SVG response carries a CSP of its own that
allows nothing but its inline styles.
"""

import unicodedata

import pygal
from pygal.etree import etree
from pygal.style import Style

from .cache import shared_data
from .stats import CHARTS, table

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#111827",
    foreground_subtle="#6b7280",
    opacity="1",
    opacity_hover="1",
    colors=("#1d4ed8", "#c2410c", "#047857", "#7c3aed", "#b91c1c", "#0e7490"),
    font_family="'Noto Sans CJK KR', 'Noto Sans KR', 'Malgun Gothic', sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    legend_font_size=14,
    tooltip_font_size=14,
    # Values are printed inside the bars and slices: white on the dark colours above.
    value_colors=("#ffffff",),
)

KINDS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "pie": pygal.Pie}
WIDTH = 800
# A horizontal bar chart's row names take at most this many columns (a Hangul letter two, a
# Latin one): at 14 px about 350 of the 800 pixels, so the bars keep the larger part of the
# chart on a phone too. The table beside the chart names every row in full.
LABEL_COLUMNS = 42


def text_columns(text):
    """Return how many columns the text takes: a wide letter (Hangul, CJK) two, any other one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short_label(text, limit=LABEL_COLUMNS):
    """Return the text cut to `limit` columns, ending in "…" when it was cut."""
    if text_columns(text) <= limit:
        return text
    cut, used = [], 0
    for ch in text:
        used += text_columns(ch)
        if used > limit - 1:
            break
        cut.append(ch)
    return "".join(cut).rstrip(" ,;") + "…"


def height(name, rows):
    """Return the height in pixels of a chart of these rows (the width is WIDTH)."""
    if CHARTS[name]["kind"] == "hbar":
        return max(240, 70 + 36 * len(rows))
    return 400


def draw(name):
    """Return the chart's SVG (text), drawn from its table."""
    chart = CHARTS[name]
    data = table(name)
    kind, rows, columns = chart["kind"], data["rows"], data["columns"]
    secondary = chart.get("secondary", ())
    config = {
        "style": STYLE,
        "js": [],
        "width": WIDTH,
        "height": height(name, rows),
        "print_values": True,
        "legend_at_bottom": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": "–",
        "show_legend": kind == "pie" or len(columns) > 2,
        # Counts: whole-number steps on the axis.
        "order_min": 0,
    }
    labels = [str(row[0]) for row in rows]
    if kind == "hbar":
        labels = [short_label(label) for label in labels]
        # pygal sizes labels for Latin letters; a Hangul letter is about twice as wide, so the
        # left margin gets the difference.
        wide = max((text_columns(label) - len(label) for label in labels), default=0)
        config["margin_left"] = 10 + 8 * wide
    graph = KINDS[kind](**config)
    if kind == "pie":
        for row in rows:
            graph.add(row[0], [row[1]])
    else:
        graph.x_labels = labels
        for index, column in enumerate(columns[1:], start=1):
            graph.add(column, [row[index] for row in rows], secondary=index in secondary)
    tree = graph.render_tree()
    for parent in tree.iter():
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return etree.tostring(tree, encoding="unicode")


def svg(name):
    """Return the chart's SVG, kept until any content changes (per language)."""
    return shared_data(f"stats:svg:{name}", lambda: draw(name))
