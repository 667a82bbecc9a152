"""The portal's one CSV writer and reader (gvalley/csvfiles.py)."""

import csv
import io
import re
from pathlib import Path

import pytest

from gvalley import csvfiles

ROOT = Path(__file__).resolve().parent.parent.parent
# What a person could type into a name, an address, an answer.
TYPED = [
    '=HYPERLINK("http://evil.example","클릭")',
    "+82 2 1234 5678",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "''=1+1",
    "'",
    "'98 올림픽",
    "it's fine",
    "가산디지털1로 120",
    "",
    '쉼표, "따옴표"와\n줄바꿈',
]


@pytest.mark.parametrize("text", TYPED)
def test_typed_text_is_never_a_formula_and_reads_back_as_typed(text):
    written = csvfiles.neutralise(text)
    assert not written.startswith(csvfiles.FORMULA_STARTS)
    assert csvfiles.restore(written) == text


def test_a_file_has_a_bom_quoted_cells_and_reads_back_cell_for_cell():
    rows = [[text, 7, None, 2.5] for text in TYPED]
    text = "".join(csvfiles.lines(["이름", "수"], rows))
    assert text.startswith('\ufeff"이름","수"\r\n')
    raw = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    for cells in raw[1:]:
        assert not any(cell.startswith(csvfiles.FORMULA_STARTS) for cell in cells)
    read = list(csvfiles.reader(text.removeprefix("\ufeff")))
    assert read[0] == ["이름", "수"]
    assert read[1:] == [[text, "7", "", "2.5"] for text in TYPED]


def test_a_hand_written_apostrophe_stays():
    assert list(csvfiles.reader("'98 올림픽,'가\n")) == [["'98 올림픽", "'가"]]


def test_the_response_is_a_download_no_cache_keeps():
    response = csvfiles.response("참가자.csv", ["가"], [["=1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.no_page_cache is True
    assert response.content.decode("utf-8") == '\ufeff"가"\r\n"\'=1"\r\n'


def test_every_csv_the_portal_writes_goes_through_the_shared_writer():
    # One writer: a new export written with csv.writer would skip the formula neutralising.
    # gvalley/bulk.py writes CSV for PostgreSQL's COPY only, where an apostrophe would be data.
    allowed = {ROOT / "gvalley" / "csvfiles.py", ROOT / "gvalley" / "bulk.py"}
    offenders = []
    for folder in ("gvalley", "companies", "events", "council", "heritage"):
        for path in (ROOT / folder).rglob("*.py"):
            if path in allowed:
                continue
            if re.search(r"csv\.(writer|DictWriter)\b", path.read_text()):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
