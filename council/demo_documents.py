"""Small real documents for the demo meetings: a PDF (fpdf2) and an HWPX (python-hwpx).

Both are made in memory by kept libraries, so a reader opens them as it would a council's own
files: the PDF embeds the subset of a Korean font it uses (text that any reader shows and
extracts), the HWPX is an OWPML package built from python-hwpx's blank template (the ZIP with
its `mimetype`, `Contents/content.hpf`, header and section), which its schema validator accepts.
"""

import io
from pathlib import Path

from fpdf import FPDF
from hwpx import HwpxDocument

# (path, face in a collection): the first one present embeds Korean text in the PDF. Noto Sans
# CJK's collections hold the Japanese face first and the Korean one second.
KOREAN_FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),  # Debian, Ubuntu
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 1),  # Arch
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),  # fonts-nanum
    ("/System/Library/Fonts/AppleSDGothicNeo.ttc", 0),  # macOS
    ("C:/Windows/Fonts/malgun.ttf", 0),  # Windows
]
NOTE = "G Valley portal: sample document for the demonstration (not a real council paper)."


def korean_font():
    """Return (path, face) of the first Korean font on this machine, or None."""
    for path, face in KOREAN_FONTS:
        if Path(path).is_file():
            return path, face
    return None


def pdf_bytes(title, lines, *, font=None):
    """Return a one-page A4 PDF with the title and lines, its title in the document's metadata.

    Without a Korean font on the machine the PDF holds only the English note, so that it still
    opens everywhere instead of showing empty boxes.
    """
    font = korean_font() if font is None else font
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("G Valley portal (load_demo)")
    pdf.add_page()
    if font:
        path, face = font
        pdf.add_font("korean", fname=path, collection_font_number=face)
        pdf.set_font("korean", size=16)
        pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("korean", size=11)
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(4)
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, 5, NOTE, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def hwpx_bytes(title, lines):
    """Return an HWPX document (OWPML) with the title as a heading and the lines as paragraphs."""
    document = HwpxDocument.new()
    try:
        document.add_heading(title, level=1)
        for line in lines:
            document.add_paragraph(line)
        document.add_paragraph(NOTE)
        buffer = io.BytesIO()
        document.save_to_stream(buffer)
        return buffer.getvalue()
    finally:
        document.close()
