"""The tour's figures for the forum's minutes: a one-page printable summary and a CSV.

``summary_html`` is a plain page for A4 landscape (print it, or ``geo.exports.snapshot.render_pdf``):
the title, the date the figures are for, a table with one row a stop, and three bar charts
drawn as inline SVG. No JavaScript and no web fonts, so it prints the same with no network;
black text on white and dark bars, so it survives a photocopier and a washed-out projector.
Row heights and type shrink with the number of stops, so the page stays one page.

``figures`` is the frame of ``geo.forum.tour_figures.tour_figures``: one row a stop, columns
``stop, title, area, needs, verified_share, closed_share, idps_hosted, hubs`` (shares 0–1).
"""

from __future__ import annotations

import math

import pandas as pd

from geo.exports.tables import to_csv
from geo.text.formatting import is_blank, number, percent
from geo.text.i18n import N_, gettext_for, normalize_language
from geo.text.safe_html import esc

# (column, header, kind): "count", "share" (0–1, shown as %) or "text".
COLUMNS = (
    ("title", N_("Stop"), "text"),
    ("area", N_("Area"), "text"),
    ("needs", N_("Needs registered"), "count"),
    ("verified_share", N_("Share verified"), "share"),
    ("closed_share", N_("Share closed"), "share"),
    ("idps_hosted", N_("IDPs hosted"), "count"),
    ("hubs", N_("Hubs"), "count"),
)
# The CSV keeps numbers as numbers; its share columns say that they are percentages.
CSV_HEADERS = {"verified_share": N_("Share verified, %"), "closed_share": N_("Share closed, %")}
NUMBER_HEADER = N_("No.")
# (column, caption, bar colour): dark enough for print and projector, captions carry the meaning.
CHARTS = (
    ("needs", N_("Needs registered"), "#8c2d04"),
    ("closed_share", N_("Share closed"), "#00573f"),
    ("idps_hosted", N_("IDPs hosted"), "#54278f"),
)
MISSING = "–"

# A4 landscape less 10 mm margins; three charts side by side with 6 mm between them.
PAGE_MM = (277, 190)
CHART_MM = (PAGE_MM[0] - 2 * 6) / 3
LABEL_MM = 34  # chart columns: stop name | bar | value
CHAR_EM = 0.62  # a character's width in ems, generous for DejaVu Sans (the widest common fallback)
FIXED_MM = 56  # title (two lines at most), date line, table header (three), chart captions, and the gaps
FONT = 'system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'

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
col.no { width: 5%%; } col.title { width: 20%%; } col.area { width: 15%%; } col.n { width: 12%%; }
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


def _sizes(stops: int) -> tuple[float, float]:
    """Row height (mm) of the table and of the charts, and the table's type size (pt), for ``stops`` rows:
    each stop has one table row and one chart row in the height the page has left."""
    row = min(7.0, (PAGE_MM[1] - FIXED_MM) / max(stops, 1) / 2)
    font_pt = max(3.0, min(11.0, row / 0.3528 * 0.62))  # 1 pt = 0.3528 mm; text about 60% of the row
    return row, font_pt


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def bar_chart(labels: list[str], values: list[float], shown: list[str], colour: str, bar_mm: float, top: float) -> str:
    """Horizontal bars as inline SVG in millimetres: label | bar | value; labels and values are escaped.

    ``top`` is the value of a full-length bar (the largest value, or 1 for shares).
    """
    height = len(labels) * bar_mm
    font = min(3.6, bar_mm * 0.62)
    chars = max(4, int((LABEL_MM - 2) / (font * CHAR_EM)))
    value_mm = max((len(text) for text in shown), default=1) * font * CHAR_EM + 2.5
    bar_space = CHART_MM - LABEL_MM - value_mm
    parts = [
        f'<svg viewBox="0 0 {CHART_MM:.2f} {height + 0.6:.2f}" role="img">',
        f'<line x1="{LABEL_MM:.2f}" y1="0" x2="{LABEL_MM:.2f}" y2="{height:.2f}" stroke="#000" stroke-width="0.3"/>',
    ]
    for i, (label, value, text) in enumerate(zip(labels, values, shown, strict=True)):
        y = i * bar_mm
        middle = y + bar_mm / 2
        width = 0.0 if is_blank(value) or top <= 0 else max(0.0, float(value) / top * bar_space)
        parts.append(
            f'<text x="{LABEL_MM - 1.2:.2f}" y="{middle:.2f}" font-size="{font:.2f}" text-anchor="end" '
            f'dominant-baseline="central" fill="#000">{esc(_truncate(label, chars))}</text>'
        )
        if width > 0:
            parts.append(
                f'<rect x="{LABEL_MM:.2f}" y="{y + bar_mm * 0.15:.2f}" width="{width:.2f}" '
                f'height="{bar_mm * 0.7:.2f}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{LABEL_MM + width + 1.2:.2f}" y="{middle:.2f}" font-size="{font:.2f}" '
            f'dominant-baseline="central" fill="#000">{esc(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def summary_html(figures: pd.DataFrame, lang: str, title: str, as_of_text: str) -> str:
    """The tour's figures as one printable A4 landscape page (HTML, no JavaScript, all text escaped)."""
    lang = normalize_language(lang)
    _ = gettext_for(lang)
    rows = figures.reset_index(drop=True)
    row_mm, font_pt = _sizes(len(rows))
    kinds = [kind for _column, _header, kind in COLUMNS]
    head = f'<th class="num">{esc(_(NUMBER_HEADER))}</th>' + "".join(
        f'<th class="{"" if kind == "text" else "num"}">{esc(_(header))}</th>' for _column, header, kind in COLUMNS
    )
    body = []
    for i, record in enumerate(rows.itertuples(index=False), start=1):
        cells = "".join(
            f'<td class="{"" if kind == "text" else "num"}">{esc(_cell(getattr(record, column), kind, lang))}</td>'
            for column, _header, kind in COLUMNS
        )
        body.append(f'<tr><td class="num">{i}</td>{cells}</tr>')
    columns = '<col class="no"><col class="title"><col class="area">' + '<col class="n">' * (len(kinds) - 2)

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

    css = CSS % {"font": FONT, "width": PAGE_MM[0], "font_pt": font_pt, "row_mm": row_mm}
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
