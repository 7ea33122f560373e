"""The tour's figures for the forum's minutes: a one-page printable summary and a CSV.

``summary_html`` is a plain page for A4 landscape (print it, or ``geo.exports.snapshot.render_pdf``):
the title, the date the figures are for, a table with one row a stop, and three bar charts
drawn as inline SVG. No JavaScript and no web fonts, so it prints the same with no network;
black text on white and dark bars, so it survives a photocopier and a washed-out projector.
Row heights and type shrink with the number of stops, so the page stays one page. A stop's title
and area are measured in the font the page prints in (``geo.exports.text_fit``): the number columns
are as wide as their headers and figures need, the titles get the rest, and a title that does not
fit one line takes two or three; only one that does not fit three is cut ("…").

``figures`` is the frame of ``geo.forum.tour_figures.tour_figures``: one row a stop, columns
``stop, title, area, needs, verified_share, closed_share, idps_hosted, hubs`` (shares 0–1).
"""

from __future__ import annotations

import math

import pandas as pd

from geo.exports.tables import to_csv
from geo.exports.text_fit import FONT_STACK, cut, fit_lines, text_width
from geo.text.formatting import is_blank, number, percent
from geo.text.i18n import N_, gettext_for, normalize_language
from geo.text.safe_html import esc

# (column, header, kind): "count", "share" (0–1, shown as %) or "text".
COLUMNS = (
    ("title", N_("Stop"), "text"),
    ("area", N_("Area"), "text"),
    ("needs", N_("Needs registered"), "count"),
    ("verified_share", N_("Verified, % of all needs"), "share"),  # the glossary's labels (geo.figures.glossary)
    ("closed_share", N_("Closed, % of all needs"), "share"),
    ("idps_hosted", N_("IDPs hosted"), "count"),
    ("hubs", N_("Hubs"), "count"),
)
# The CSV keeps numbers as numbers; its share columns say that they are percentages.
CSV_HEADERS = {"verified_share": N_("Verified, % of all needs"), "closed_share": N_("Closed, % of all needs")}
NUMBER_HEADER = N_("No.")
# (column, caption, bar colour): dark enough for print and projector, captions carry the meaning.
CHARTS = (
    ("needs", N_("Needs registered"), "#8c2d04"),
    ("closed_share", N_("Closed, % of all needs"), "#00573f"),
    ("idps_hosted", N_("IDPs hosted"), "#54278f"),
)
MISSING = "–"

# A4 landscape less 10 mm margins; three charts side by side with 6 mm between them.
PAGE_MM = (277, 190)
CHART_MM = (PAGE_MM[0] - 2 * 6) / 3
LABEL_MM = (14.0, CHART_MM * 0.5)  # chart columns: stop name | bar | value; the names' column at least, at most
FIXED_MM = 56  # title (two lines at most), date line, table header (three), chart captions, and the gaps
FONT = FONT_STACK  # the font the widths are measured in (geo.exports.text_fit)
PT_MM = 0.3528  # 1 pt in mm
HEADER_PT, MAX_PT, MIN_PT = 9.0, 11.0, 3.0  # the table's header type; its body type at most, at least
PAD_MM = 3.0  # a table cell's padding, left and right
NUMBER_MM = 12.0  # the narrowest number column
AREA_SHARE = 0.4  # of the room the two text columns share, the most the area takes
MAX_LINES = 3  # a stop's title or area: on two or three lines where one is too short, cut only beyond that

CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: %(font)s; color: #000; background: #fff; }
main { width: %(width)smm; }
h1 { font-size: 20pt; line-height: 1.15; margin: 0 0 1mm; overflow: hidden;
     display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
.as-of { font-size: 12pt; margin: 0 0 4mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; font-size: %(font_pt).1fpt; margin-bottom: 5mm; }
th, td { height: %(row_mm).2fmm; padding: 0 1.5mm; line-height: 1; text-align: left; vertical-align: middle;
         white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 0.3mm solid #555; }
thead th { border-bottom: 0.6mm solid #000; font-size: 9pt; font-weight: 700; white-space: normal; height: auto;
           padding-bottom: 1mm; overflow: visible; overflow-wrap: break-word; hyphens: auto; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.l2 td { height: %(row2_mm).2fmm; } tr.l3 td { height: %(row3_mm).2fmm; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: 11pt; font-weight: 700; margin-bottom: 1.5mm; }
svg { display: block; width: 100%%; height: auto; font-family: %(font)s; }
"""


def _cell(value: object, kind: str, lang: str) -> str:
    """One table value as text; a blank share (a stop with no needs) shows a dash."""
    if kind == "text":
        return "" if is_blank(value) else str(value)
    if is_blank(value):
        return MISSING
    return percent(float(value) * 100, lang) if kind == "share" else number(value, lang)


def _sizes(stops: int, extra_lines: int = 0) -> tuple[float, float]:
    """Row height (mm) of the table and of the charts, and the table's type size (pt), for ``stops`` rows:
    each stop has one chart row and a table row of one line or more (``extra_lines`` more in all), in the
    height the page has left."""
    row = min(7.0, (PAGE_MM[1] - FIXED_MM) / (2 * max(stops, 1) + extra_lines))
    font_pt = max(MIN_PT, min(MAX_PT, row / PT_MM * 0.62))  # text about 60% of the row
    return row, font_pt


def _column_widths(rows: pd.DataFrame, lang: str) -> list[float]:
    """The table's columns in mm (No., the COLUMNS): a number column as wide as its header's longest word or
    its widest figure, the two text columns the rest, the area at most AREA_SHARE of it (measured at the
    largest type, so they hold at any)."""
    _ = gettext_for(lang)
    body_mm = MAX_PT * PT_MM

    def header_mm(header: str) -> float:
        return max((text_width(word, HEADER_PT * PT_MM, bold=True) for word in header.split()), default=0.0) + PAD_MM

    def widest(texts) -> float:
        return max((text_width(text, body_mm) for text in texts), default=0.0) + PAD_MM

    numbers = [max(header_mm(_(NUMBER_HEADER)), widest([str(len(rows))]))]
    for column, header, kind in COLUMNS:
        if kind != "text":
            numbers.append(max(NUMBER_MM, header_mm(_(header)), widest(_cell(v, kind, lang) for v in rows[column])))
    room = PAGE_MM[0] - sum(numbers)
    headers = {column: header for column, header, _kind in COLUMNS}
    area = max(header_mm(_(headers["area"])), min(widest(_cell(v, "text", lang) for v in rows["area"]), room * AREA_SHARE))
    return [numbers[0], room - area, area, *numbers[1:]]


def _fitted(rows: pd.DataFrame, widths: list[float], font_pt: float) -> list[tuple[list[str], list[str]]]:
    """Each stop's title and area as the lines they print on (at most MAX_LINES, cut only beyond them)."""
    size = font_pt * PT_MM
    return [
        (
            fit_lines(_cell(title, "text", ""), widths[1] - PAD_MM, size, MAX_LINES),
            fit_lines(_cell(area, "text", ""), widths[2] - PAD_MM, size, MAX_LINES),
        )
        for title, area in zip(rows["title"], rows["area"], strict=True)
    ]


def bar_chart(labels: list[str], values: list[float], shown: list[str], colour: str, bar_mm: float, top: float) -> str:
    """Horizontal bars as inline SVG in millimetres: label | bar | value; labels and values are escaped.

    ``top`` is the value of a full-length bar (the largest value, or 1 for shares).
    """
    height = len(labels) * bar_mm
    font = min(3.6, bar_mm * 0.62)
    # The names' column as wide as the longest name (within LABEL_MM); a name is cut only where it does not fit.
    label_mm = min(max(max((text_width(text, font) for text in labels), default=0.0) + 2.4, LABEL_MM[0]), LABEL_MM[1])
    value_mm = max((text_width(text, font) for text in shown), default=font) + 2.5
    bar_space = CHART_MM - label_mm - value_mm
    parts = [
        f'<svg viewBox="0 0 {CHART_MM:.2f} {height + 0.6:.2f}" role="img">',
        f'<line x1="{label_mm:.2f}" y1="0" x2="{label_mm:.2f}" y2="{height:.2f}" stroke="#000" stroke-width="0.3"/>',
    ]
    for i, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        y = i * bar_mm
        middle = y + bar_mm / 2
        width = 0.0 if is_blank(value) or top <= 0 else max(0.0, float(value) / top * bar_space)
        parts.append(
            f'<text x="{label_mm - 1.2:.2f}" y="{middle:.2f}" font-size="{font:.2f}" text-anchor="end" '
            f'dominant-baseline="central" fill="#000">{esc(cut(label, label_mm - 2.4, font))}</text>'
        )
        if width > 0:
            parts.append(
                f'<rect x="{label_mm:.2f}" y="{y + bar_mm * 0.15:.2f}" width="{width:.2f}" '
                f'height="{bar_mm * 0.7:.2f}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{label_mm + width + 1.2:.2f}" y="{middle:.2f}" font-size="{font:.2f}" '
            f'dominant-baseline="central" fill="#000">{esc(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def summary_html(figures: pd.DataFrame, lang: str, title: str, as_of_text: str) -> str:
    """The tour's figures as one printable A4 landscape page (HTML, no JavaScript, all text escaped)."""
    lang = normalize_language(lang)
    _ = gettext_for(lang)
    rows = figures.reset_index(drop=True)
    widths = _column_widths(rows, lang)
    # Lines counted at the type of one-line rows; the type they leave room for is no larger, so no more lines.
    fitted = _fitted(rows, widths, _sizes(len(rows))[1])
    row_mm, font_pt = _sizes(len(rows), sum(max(len(title), len(area)) - 1 for title, area in fitted))
    fitted = _fitted(rows, widths, font_pt)
    head = f'<th class="num">{esc(_(NUMBER_HEADER))}</th>' + "".join(
        f'<th class="{"" if kind == "text" else "num"}">{esc(_(header))}</th>' for _column, header, kind in COLUMNS
    )
    body = []
    for i, (record, lines) in enumerate(zip(rows.itertuples(index=False), fitted, strict=True), start=1):
        texts = {
            column: "<br>".join(esc(line) for line in shown) for column, shown in zip(("title", "area"), lines, strict=True)
        }
        cells = "".join(
            f'<td class="num">{esc(_cell(getattr(record, column), kind, lang))}</td>'
            if kind != "text"
            else f"<td>{texts[column]}</td>"
            for column, _header, kind in COLUMNS
        )
        height = max(len(shown) for shown in lines)  # in lines: CSS's tr.l2 and tr.l3 are two and three rows high
        tall = f' class="l{height}"' if height > 1 else ""
        body.append(f'<tr{tall}><td class="num">{i}</td>{cells}</tr>')
    columns = "".join(f'<col style="width: {width:.2f}mm">' for width in widths)

    labels = [f"{i}. {'' if is_blank(t) else t}" for i, t in enumerate(rows["title"], start=1)]
    charts = []
    for column, caption, colour in CHARTS:
        kind = "share" if column.endswith("_share") else "count"
        values = pd.to_numeric(rows[column], errors="coerce").tolist()
        shown = [_cell(v, kind, lang) for v in values]
        finite = [v for v in values if not is_blank(v) and math.isfinite(v)]
        top = 1.0 if kind == "share" else max(finite, default=0.0)
        svg = bar_chart(labels, values, shown, colour, row_mm, top)
        charts.append(f"<figure><figcaption>{esc(_(caption))}</figcaption>{svg}</figure>")

    css = CSS % {
        "font": FONT,
        "width": PAGE_MM[0],
        "font_pt": font_pt,
        "row_mm": row_mm,
        "row2_mm": 2 * row_mm,
        "row3_mm": 3 * row_mm,
    }
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n<main>\n"
        f'<h1>{esc(title)}</h1>\n<p class="as-of">{esc(as_of_text)}</p>\n'
        f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>\n<tbody>{''.join(body)}</tbody></table>\n"
        f'<div class="charts">{"".join(charts)}</div>\n</main>\n</body>\n</html>\n'
    )


def summary_csv(figures: pd.DataFrame, lang: str) -> bytes:
    """The tour's figures as a CSV for Excel in the user's language (geo.exports.tables.to_csv: BOM, ``;`` in
    Ukrainian, no cell that runs as a formula), with translated headers; shares as percentages."""
    _ = gettext_for(lang)
    rows = figures.reset_index(drop=True)
    out = pd.DataFrame({_(NUMBER_HEADER): range(1, len(rows) + 1)})
    for column, header, kind in COLUMNS:
        if kind == "text":
            out[_(header)] = rows[column].astype("string")
        elif kind == "share":
            out[_(CSV_HEADERS[column])] = (pd.to_numeric(rows[column], errors="coerce") * 100).round(1)
        else:
            out[_(header)] = pd.to_numeric(rows[column], errors="coerce").round().astype("Int64")
    return to_csv(out, lang)
