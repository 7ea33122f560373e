"""The home map at a level: communities (hromadas), raions or oblasts coloured by a metric.

At the hromada level the map is as it always was (``geo.maps.choropleth_layer``: the community
shapes recoloured in place). At the raion and oblast levels the level's own polygons are sent in
the swapped feature group (``LevelShapes``, drawn by ``hm.levelShapes`` in ``js/hromada.js`` on the
communities' pane): 139 raions and 27 oblasts are tens of kilobytes, next to the hromadas' hundreds,
so a level's shapes travel only while it is shown. While they are on the map the community polygons
are taken off it (and put back when the level's group is swapped out); the oblast and raion outlines
(``geo.maps.reference_layers``) stay drawn above them, not clickable.

The level's shapes are the map's simplified hromada shapes dissolved (``geo.maps.shapes.simplified``,
then ``geo.figures.units.dissolve``), so that their borders lie exactly on the outlines; names come
from ``geo.figures.units.units_at`` (a level's own boundary file names them where one is loaded).

A metric whose data is given only at a coarser level (IDP counts per oblast, as DTM publishes them)
is drawn at that level whatever level is chosen (``drawn_level``), and the page says so
(``level_note``). Each tooltip says its unit's level ("Oblast: Odeska") and carries the unit's
hidden P-code mark (``geo.maps.map_click``), so that a click on an oblast opens its raions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
import pandas as pd
import shapely

from geo.figures.indicator_metrics import indicator_choices, indicator_values
from geo.figures.level_metrics import idp_rows
from geo.figures.metrics import METRICS
from geo.figures.units import FINER, dissolve, unit_of, units_at
from geo.ingest.codes import LEVELS, code_level
from geo.ingest.loaders import Dataset
from geo.maps.choropleth import DIGITS, ZERO_COLOUR, Classes, classify
from geo.maps.choropleth_layer import community_colours, metric_text
from geo.maps.follow import OUTLINE_HALO, OUTLINE_LINE, PADDING, Bounds, FollowBounds, _down, _up
from geo.maps.legend import LegendEntry, colour_section
from geo.maps.map_click import pcode_mark
from geo.maps.map_elements import BrowserLayer
from geo.maps.shapes import COMMUNITY_PANE, SCALE, Recolour, decode, encode, json_text, simplified
from geo.maps.signed_classes import SignedClasses, signed_classify
from geo.text.formatting import number
from geo.text.i18n import N_, gettext_for
from geo.text.safe_html import esc

DEFAULT_LEVEL = "hromada"
# The level control's choices, coarse to fine (the query parameter ``level``).
LEVEL_CHOICES = {"oblast": N_("Oblasts"), "raion": N_("Raions"), "hromada": N_("Hromadas")}
# A unit's level in its tooltip: "Oblast: Odeska".
UNIT_WORDS = {"oblast": N_("Oblast"), "raion": N_("Raion"), "hromada": N_("Hromada")}
# The legend's title at each level.
BY_LEVEL = {
    "oblast": N_("{metric}, by oblast"),
    "raion": N_("{metric}, by raion"),
    "hromada": N_("{metric}, by hromada"),
}
# Under the map when a metric is drawn at a coarser level than the one chosen.
COARSER_NOTE = {
    "oblast": N_("{metric} are given per oblast only in this data: the map shows them by oblast."),
    "raion": N_("{metric} are given per raion only in this data: the map shows them by raion."),
}
# The same for an indicator, drawn at its own level whether the level chosen is finer or coarser.
INDICATOR_NOTE = {
    "oblast": N_("{metric}: this figure is given per oblast, so the map shows it by oblast."),
    "raion": N_("{metric}: this figure is given per raion, so the map shows it by raion."),
    "hromada": N_("{metric}: this figure is given per hromada, so the map shows it by hromada."),
}
# The units' polygons: the communities' look (geo.maps.shapes.COMMUNITY_STYLE), a little firmer border.
LEVEL_STYLE = {"fillOpacity": 0.75, "color": "#444444", "weight": 0.9}
# Under the map: what a click does at the level drawn.
CLICK_HINTS = {
    "oblast": N_("Click an oblast to see its raions."),
    "raion": N_("Click a raion to see its hromadas."),
    "hromada": N_("Click a community to open its page."),
}
IDP_METRICS = ("idps_hosted", "idps_per_1000")
# Up to this many metrics the choice is a segmented control (one row above the map at 1366 px); past it a
# select box, which holds any number of indicators in one line on a laptop and on a phone.
SEGMENTED_UP_TO = 8
ZOOM_MAX = {"oblast": 8, "raion": 10, "hromada": 11}  # how far a click into a unit may zoom


@dataclass(frozen=True)
class Measure:
    """What the map colours by, in words: a built-in metric (``geo.figures.metrics.METRICS``) or an indicator.

    ``title`` and ``unit`` are plain text in the page's language (escaped where they meet HTML);
    ``level`` is the level an indicator is given at (drawn there whatever level is chosen), None for
    the built-in metrics, which are summed to any level.
    """

    key: str
    title: str
    unit: str
    digits: int = 0
    percent: bool = False
    level: str | None = None

    def text(self, value: object, lang: str) -> str:
        """A figure as the tooltips show it ('' when missing)."""
        if self.key in METRICS:
            return metric_text(self.key, value, lang)
        if value is None or pd.isna(value):
            return ""
        return number(value, lang, digits=self.digits) + ("%" if self.percent else "")


def measure_of(dataset: Dataset, metric: str, lang: str) -> Measure:
    """The ``Measure`` of a metric key: one of ``METRICS`` or an indicator's key (``ind_…``)."""
    _ = gettext_for(lang)
    if metric in METRICS:
        title, unit, _fmt = METRICS[metric]
        return Measure(metric, _(title), _(unit), DIGITS.get(metric, 0), metric == "share_closed")
    choice = indicator_choices(dataset).get(metric)
    if choice is None:
        raise ValueError(f"unknown metric {metric!r}; one of {[*METRICS, *indicator_choices(dataset)]}")
    unit = choice.unit_label(lang)
    line = _("{name} · Source: {source}").format(name=unit or choice.label(lang), source=choice.source)
    digits = 0 if choice.unit in ("people", "percent") else 1
    return Measure(metric, choice.label(lang), line, digits, choice.unit == "percent", choice.level)


def metric_choices(dataset: Dataset, lang: str) -> dict[str, str]:
    """The map's "Colour by" choices: the built-in metrics, then every indicator loaded (key -> label)."""
    _ = gettext_for(lang)
    built_in = {key: _(label) for key, (label, _unit, _fmt) in METRICS.items()}
    return {**built_in, **{key: choice.label(lang) for key, choice in indicator_choices(dataset).items()}}


def metric_widget(choices: dict[str, str]) -> str:
    """How the page offers ``choices`` (``metric_choices``): "segmented" up to ``SEGMENTED_UP_TO``, else "select"."""
    return "segmented" if len(choices) <= SEGMENTED_UP_TO else "select"


def metric_frame(dataset: Dataset, metric: str) -> pd.DataFrame:
    """An indicator's values per unit of its level as a one-column frame (the ``metrics`` of ``level_layer``)."""
    return indicator_values(dataset, metric).to_frame(metric)


def level_of(value: object) -> str:
    """The level a query parameter names (``?level=oblast``); the default for a missing or unknown one."""
    return value if isinstance(value, str) and value in LEVELS else DEFAULT_LEVEL


def unit_code(value: object) -> str | None:
    """The P-code of an oblast, a raion or a hromada a query parameter names (``?within=UA51``); None if none."""
    found = code_level(value)
    return found[1] if found else None


def finer(level: str) -> str | None:
    """The level a click on a unit of ``level`` opens: oblast -> raion -> hromada -> None (its page)."""
    return FINER[level]


def data_level(dataset: Dataset, metric: str) -> str:
    """The finest level at which ``metric`` has data: "hromada" unless it is given only coarser.

    The IDP metrics count where the counts are given (``Dataset.idp_counts`` per hromada, H1's
    ``idp_coarse`` per raion or oblast); needs and hubs are always per hromada.
    """
    choice = indicator_choices(dataset).get(metric)
    if choice is not None:
        return choice.level
    if metric not in IDP_METRICS:
        return "hromada"
    rows = idp_rows(dataset)
    if rows.empty:
        return "hromada"
    given = set(rows["host_level"].dropna().astype(str))
    return next((level for level in reversed(LEVELS) if level in given), "hromada")


def drawn_level(dataset: Dataset, metric: str, level: str) -> str:
    """The level the map draws ``metric`` at: the one chosen, or the coarser one its data is given at.

    An indicator is drawn at its own level whatever the level chosen: a score or a share does not add up.
    """
    finest = data_level(dataset, metric)
    if metric not in METRICS:
        return finest
    return LEVELS[min(LEVELS.index(level), LEVELS.index(finest))]


def level_note(dataset: Dataset, metric: str, chosen: str, drawn: str, lang: str) -> str:
    """What the page says under the map when ``metric`` is drawn at another level than ``chosen``; '' otherwise."""
    if drawn == chosen:
        return ""
    _ = gettext_for(lang)
    notes = COARSER_NOTE if metric in METRICS else INDICATOR_NOTE
    return _(notes[drawn]).format(metric=measure_of(dataset, metric, lang).title) if drawn in notes else ""


def level_units(dataset: Dataset, level: str) -> pd.DataFrame:
    """The units of a coarser level as the map draws them: ``units_at``'s rows, with the map's shapes.

    The geometry is the map's simplified hromada shapes dissolved, in ``units_at``'s order; a unit of the
    level's own boundaries (an ADM1/ADM2 file, set or uploaded) is drawn with its own shape, simplified.
    """
    if level == "hromada":
        raise ValueError("the hromada level is drawn from the community shapes (geo.maps.shapes)")
    own = {"oblast": dataset.oblasts, "raion": dataset.raions}[level]
    units = units_at(dataset.communities, level, shapes=own)
    shapes = pd.Series(simplified(dataset.communities.geometry), index=dataset.communities.index)
    unit = unit_of(dataset.communities, level).to_numpy()
    grouped = {code: dissolve(group.to_numpy()) for code, group in shapes.groupby(unit)}
    if own is not None and not own.empty:
        grouped |= dict(zip(own["pcode"].astype(str), simplified(own.geometry), strict=True))
    units = units.copy()
    units["geometry"] = [grouped.get(code, shapely.Polygon()) for code in units["pcode"]]
    return units


def level_shapes_payload(dataset: Dataset, level: str) -> str:
    """A coarser level's P-codes and shapes for ``LevelShapes``, as JSON text (encoded as the communities are)."""
    units = level_units(dataset, level)
    return json_text(
        {"pcode": [esc(p) for p in units["pcode"]], "shapes": encode(units.geometry.to_numpy()), "scale": SCALE}
    )


def unit_names(dataset: Dataset, level: str, lang: str) -> pd.Series:
    """Each unit's name in ``lang`` (Ukrainian where an English one is missing), by P-code."""
    own = {"oblast": dataset.oblasts, "raion": dataset.raions}.get(level)
    units = units_at(dataset.communities, level, shapes=own)
    names = units["name_en" if lang == "en" else "name_uk"].fillna(units["name_uk"])
    return pd.Series(names.astype(str).to_numpy(), index=pd.Index(units["pcode"].astype(str)))


def level_bounds(dataset: Dataset, pcode: str) -> Bounds | None:
    """[[south, west], [north, east]] of the unit ``pcode`` (any level), from its hromadas; None if unknown."""
    communities = dataset.communities
    inside = pd.Series(False, index=communities.index)
    for column in ("oblast_pcode", "raion_pcode", "pcode"):
        if column in communities.columns:
            inside |= communities[column].astype("string").eq(pcode).fillna(False).to_numpy()
    if not inside.any():
        return None
    west, south, east, north = communities.loc[inside.to_numpy()].total_bounds
    return [[_down(south), _down(west)], [_up(north), _up(east)]]


def zoom_into(dataset: Dataset, pcode: str, level: str) -> folium.FeatureGroup | None:
    """A layer that fits the map to the unit ``pcode`` when the map opens ``level`` inside it (a click)."""
    bounds = level_bounds(dataset, pcode)
    if bounds is None:
        return None
    group = folium.FeatureGroup(name="zoom into", control=False)
    payload = {"bounds": bounds, "padding": PADDING, "max_zoom": ZOOM_MAX[level]}
    FollowBounds(json_text(payload), "zoom into").add_to(group)
    return group


class LevelShapes(BrowserLayer):
    """A coarser level's polygons, coloured, with tooltips; the community polygons leave the map meanwhile."""

    js_function = "levelShapes"


def level_colours(
    pcodes: pd.Index, metrics: pd.DataFrame, measure: Measure, names: pd.Series, level: str, lang: str
) -> tuple[dict, Classes | SignedClasses]:
    """The colours and tooltips (escaped) of the units ``pcodes`` for ``measure``, and the classes used.

    The classes come from the level's own values: an oblast's counts are larger than a hromada's.
    """
    _ = gettext_for(lang)
    values = metrics[measure.key].reindex(pcodes)
    classes = signed_classify(values, measure.key, measure.digits)  # an indicator may be below zero
    colours = [classes.colour(v) for v in values]
    palette = list(dict.fromkeys(c for c in colours if c != ZERO_COLOUR))
    index = {colour: i for i, colour in enumerate(palette)}
    word, label, no_data = esc(_(UNIT_WORDS[level])), esc(measure.title), esc(_("no data"))
    notes = metrics["idps_note"].reindex(pcodes) if "idps_note" in metrics and measure.key in IDP_METRICS else None
    tips = []
    for i, (pcode, value) in enumerate(zip(pcodes, values, strict=True)):
        figure = esc(measure.text(value, lang)) or no_data
        tip = f"{word}: <b>{esc(names.get(pcode, pcode))}</b><br>{label}: {figure}"
        if notes is not None and isinstance(notes.iloc[i], str) and notes.iloc[i]:
            tip += f"<br><small>{esc(notes.iloc[i])}</small>"
        tips.append(tip + pcode_mark(pcode))
    payload = {
        "palette": palette,
        "colours": [index.get(c, -1) for c in colours],
        "tips": tips,
        "zero": ZERO_COLOUR,
        "style": LEVEL_STYLE,
        "pane": COMMUNITY_PANE,
    }
    return payload, classes


def level_layer(
    dataset: Dataset,
    metrics: pd.DataFrame,
    metric: str,
    level: str,
    lang: str,
    shapes: str | None = None,
    names: pd.Series | None = None,
) -> folium.FeatureGroup:
    """The colours of ``metric`` at ``level``, and its legend section: the group the page swaps.

    ``metrics`` are the level's (``geo.figures.level_metrics.level_metrics``; at the hromada level
    ``community_metrics`` too; for an indicator ``metric_frame``). ``shapes`` (``level_shapes_payload``)
    and ``names`` (``unit_names``) can be passed in when cached.
    """
    _ = gettext_for(lang)
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; one of {LEVELS}")
    measure = measure_of(dataset, metric, lang)
    title = _(BY_LEVEL[level]).format(metric=measure.title)
    if level == "hromada" and metric in METRICS:  # the map as it always was, the level in the legend's title
        group = folium.FeatureGroup(name=_("Communities: {metric}").format(metric=measure.title), control=False)
        classes = classify(metrics[metric], metric)
        colours, texts = community_colours(dataset.communities, metrics, metric, lang, classes)
        Recolour(colours, texts, esc(measure.title)).add_to(group)
        values = metrics[metric].reindex(pd.Index(dataset.communities["pcode"]))
        LegendEntry(colour_section(classes, values, title, measure.unit, lang, percent=measure.percent)).add_to(group)
        return group
    group = folium.FeatureGroup(name=_("{level}: {metric}").format(level=_(LEVEL_CHOICES[level]), metric=measure.title))
    group.control = False
    if level == "hromada":  # an indicator given per hromada: the community shapes recoloured
        pcodes = pd.Index(dataset.communities["pcode"])
        values = metrics[metric].reindex(pcodes)
        classes = signed_classify(values, metric, measure.digits)
        texts = [esc(measure.text(v, lang)) or esc(_("no data")) for v in values]
        Recolour([classes.colour(v) for v in values], texts, esc(measure.title)).add_to(group)
    else:
        shapes = shapes if shapes is not None else level_shapes_payload(dataset, level)
        pcodes = pd.Index(json_pcodes(shapes))
        names = names if names is not None else unit_names(dataset, level, lang)
        colours, classes = level_colours(pcodes, metrics, measure, names, level, lang)
        LevelShapes('{"shapes":' + shapes + ',"colour":' + json_text(colours) + "}", "level").add_to(group)
        values = metrics[metric].reindex(pcodes)
    LegendEntry(colour_section(classes, values, title, measure.unit, lang, percent=measure.percent)).add_to(group)
    return group


def json_pcodes(shapes: str) -> list[str]:
    """The P-codes of a ``level_shapes_payload`` text (escaped P-codes are plain: UA and digits)."""
    return json.loads(shapes)["pcode"]


# --- An oblast's or a raion's own map (the Community page of the unit) -------------------------------------------


def unit_outline(shapes: str, pcode: str) -> list[list[list[float]]]:
    """The rings of unit ``pcode`` as [lat, lon] lines, from its level's ``level_shapes_payload`` (the shape the map
    draws, so the outline lies on its border); [] when the level has no such unit or it has no shape."""
    payload = json.loads(shapes)
    if pcode not in payload["pcode"]:
        return []
    polygons = decode(payload["shapes"][payload["pcode"].index(pcode)])
    return [[[round(lat, 5), round(lon, 5)] for lat, lon in ring] for rings in polygons for ring in rings]


def unit_focus(dataset: Dataset, pcode: str, level: str, shapes: str | None = None) -> folium.FeatureGroup | None:
    """The map fitted to the oblast or raion ``pcode`` and its outline drawn above the fills (the hromada page's look:
    a dark line on a white halo, not clickable); None when no hromada lies in it. ``shapes``: the unit's level's
    ``level_shapes_payload`` (cached by the page)."""
    bounds = level_bounds(dataset, pcode)
    if bounds is None:
        return None
    group = folium.FeatureGroup(name="unit", control=False)
    lines = unit_outline(shapes if shapes is not None else level_shapes_payload(dataset, level), pcode)
    if lines:
        for style in (OUTLINE_HALO, OUTLINE_LINE):
            line = folium.PolyLine(lines, **style)
            line.options["interactive"] = False  # a click goes through to the unit under it (folium drops the option)
            line.add_to(group)
    payload = {"bounds": bounds, "padding": PADDING, "max_zoom": ZOOM_MAX[level]}
    FollowBounds(json_text(payload), "unit").add_to(group)
    return group
