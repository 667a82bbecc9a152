"""Demo pictures of the spaces to rent: a room plan per seating layout, drawn with Pillow at load
time (no image file is kept in the repository).

Each picture is a plan seen from above: the walls, the door, the stage with its screens (the
hall's three LED screens, a room's projector screen) and the seats as the layout sets them —
rows of chairs (theatre), tables in rows (classroom), round tables (banquet), one long table
(boardroom) — with the room's name and layout in Korean and English. They say they are demo
drawings, not photographs.
"""

import io
import math

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from council.demo_documents import korean_font

SIZE = (1280, 800)  # the gallery shows pictures at 16:10
PAPER = (246, 243, 236)
WALL = (60, 64, 72)
SEAT = (11, 92, 173)
TABLE = (214, 196, 160)
STAGE = (200, 205, 214)
SCREEN = (30, 34, 40)
NOTE = "G밸리 포털 시연용 그림 (실제 사진 아님) · Demo drawing, not a photograph"

# layout kind: (Korean, English, how the seats stand, for the text alternative)
LAYOUTS = {
    "theatre": ("극장식", "theatre", "무대와 화면을 향해 의자가 줄지어 놓여 있습니다"),
    "classroom": ("강의식", "classroom", "책상이 줄지어 있고 책상마다 의자가 놓여 있습니다"),
    "banquet": ("연회식", "banquet", "원탁 둘레에 의자가 놓여 있습니다"),
    "boardroom": ("회의식", "boardroom", "긴 테이블 하나에 둘러앉습니다"),
}


def _font(size):
    found = korean_font()
    if found is not None:
        path, face = found
        try:
            return ImageFont.truetype(path, size, index=face)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _has_korean_font():
    return korean_font() is not None


def _screens(equipment):
    """Return how many screens hang on the front wall: the LED screens, else a projector's."""
    if "LED" in equipment:
        return 3
    return 1 if "프로젝터" in equipment else 0


def _grid(area, count, aspect=1.0):
    """Return (columns, rows) of a grid of `count` cells (width/height `aspect`) filling the area
    (x0, y0, x1, y1)."""
    width, height = area[2] - area[0], area[3] - area[1]
    columns = max(1, round(math.sqrt(count * width / (height * aspect))))
    rows = math.ceil(count / columns)
    return columns, rows


def _chair(pen, x, y, r):
    pen.rounded_rectangle((x - r, y - r, x + r, y + r), radius=max(2, r // 3), fill=SEAT)


def _theatre(pen, area, capacity):
    columns, rows = _grid(area, capacity)
    # An aisle down the middle.
    step_x = (area[2] - area[0]) / (columns + 1)
    step_y = (area[3] - area[1]) / rows
    r = max(3, int(min(step_x, step_y) * 0.32))
    placed = 0
    for row in range(rows):
        for column in range(columns):
            if placed >= capacity:
                return
            shift = 1 if column >= columns // 2 else 0
            x = area[0] + step_x * (column + shift + 0.5)
            y = area[1] + step_y * (row + 0.5)
            _chair(pen, x, y, r)
            placed += 1


def _classroom(pen, area, capacity):
    per_table = 3
    tables = math.ceil(capacity / per_table)
    columns, rows = _grid(area, tables, aspect=2.0)  # desks twice as wide as deep
    step_x = (area[2] - area[0]) / columns
    step_y = (area[3] - area[1]) / rows
    r = max(3, int(min(step_x / per_table, step_y) * 0.22))
    seated = 0
    for index in range(tables):
        row, column = divmod(index, columns)
        x0 = area[0] + step_x * column + step_x * 0.08
        x1 = x0 + step_x * 0.84
        y0 = area[1] + step_y * row + step_y * 0.12
        pen.rectangle((x0, y0, x1, y0 + step_y * 0.3), fill=TABLE, outline=WALL)
        for seat in range(per_table):
            if seated >= capacity:
                return
            x = x0 + (x1 - x0) * (seat + 0.5) / per_table
            _chair(pen, x, y0 + step_y * 0.3 + r * 2, r)
            seated += 1


def _banquet(pen, area, capacity):
    per_table = 10
    tables = math.ceil(capacity / per_table)
    columns, rows = _grid(area, tables)
    step_x = (area[2] - area[0]) / columns
    step_y = (area[3] - area[1]) / rows
    radius = min(step_x, step_y) * 0.27
    r = max(3, int(radius * 0.22))
    seated = 0
    for index in range(tables):
        row, column = divmod(index, columns)
        cx = area[0] + step_x * (column + 0.5)
        cy = area[1] + step_y * (row + 0.5)
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=TABLE, outline=WALL)
        for seat in range(per_table):
            if seated >= capacity:
                return
            angle = 2 * math.pi * seat / per_table
            x = cx + (radius + r * 1.8) * math.cos(angle)
            y = cy + (radius + r * 1.8) * math.sin(angle)
            pen.ellipse((x - r, y - r, x + r, y + r), fill=SEAT)
            seated += 1


def _boardroom(pen, area, capacity):
    side = math.ceil((capacity - 2) / 2) if capacity > 2 else 1
    x0, x1 = area[0] + 120, area[2] - 120
    cy = (area[1] + area[3]) / 2
    half = (area[3] - area[1]) * 0.16
    pen.rounded_rectangle((x0, cy - half, x1, cy + half), radius=30, fill=TABLE, outline=WALL)
    r = max(6, int(min((x1 - x0) / side * 0.3, 26)))
    seated = 0
    for seat in range(side):
        x = x0 + (x1 - x0) * (seat + 0.5) / side
        for y in (cy - half - r * 1.8, cy + half + r * 1.8):
            if seated < capacity:
                _chair(pen, x, y, r)
                seated += 1
    for x in (x0 - r * 2, x1 + r * 2):  # the two ends
        if seated < capacity:
            _chair(pen, x, cy, r)
            seated += 1


DRAW = {
    "theatre": _theatre,
    "classroom": _classroom,
    "banquet": _banquet,
    "boardroom": _boardroom,
}


def room_plan(*, name, name_en, layout, capacity, equipment=""):
    """Return a PNG (ContentFile) of the room's plan in this layout."""
    korean, english, _seats = LAYOUTS[layout]
    width, height = SIZE
    image = Image.new("RGB", SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    room = (70, 50, width - 70, height - 210)
    pen.rectangle(room, outline=WALL, width=10)
    # The door: a gap in the back wall with its swing.
    door = (width // 2 - 60, room[3])
    pen.line((door[0], door[1], door[0] + 120, door[1]), fill=PAPER, width=12)
    pen.arc(
        (door[0] - 120, door[1] - 120, door[0] + 120, door[1] + 120), 270, 360, fill=WALL, width=3
    )
    # The stage and its screens on the front wall.
    stage = (room[0] + 240, room[1] + 14, room[2] - 240, room[1] + 70)
    pen.rectangle(stage, fill=STAGE)
    screens = _screens(equipment)
    if screens:
        span = (stage[2] - stage[0]) / screens
        for number in range(screens):
            x0 = stage[0] + span * number + span * 0.12
            pen.rectangle((x0, room[1] + 6, x0 + span * 0.76, room[1] + 18), fill=SCREEN)
    # Clear of the door's swing.
    seats_area = (room[0] + 50, stage[3] + 40, room[2] - 50, room[3] - 130)
    DRAW[layout](pen, seats_area, capacity)
    # The names, Korean and English (English only where the machine has no Korean font).
    if _has_korean_font():
        pen.text((70, height - 190), f"{name} · {korean} {capacity}석", fill=WALL, font=_font(56))
    pen.text(
        (70, height - 120), f"{name_en} · {english}, {capacity} seats", fill=WALL, font=_font(40)
    )
    note = NOTE if _has_korean_font() else NOTE.split(" · ", 1)[1]
    pen.text((70, height - 60), note, fill=(110, 110, 110), font=_font(26))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"plan-{layout}.png")


def plan_texts(*, name, name_en, layout, capacity):
    """Return the photo's (alt, caption, caption_en)."""
    korean, english, seats = LAYOUTS[layout]
    alt = f"{name} {korean} 배치 평면도(시연용 그림): {seats}. {capacity}석."
    caption = f"{name} {korean} 배치 · {capacity}석 (시연용 평면도)"
    caption_en = f"{name_en}, {english} layout · {capacity} seats (demo plan)"
    return alt, caption, caption_en
