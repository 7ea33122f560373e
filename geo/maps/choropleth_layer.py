"""The communities coloured by a metric, with its legend: the part of the home map the metric changes.

The shapes are in the base map already (``geo.maps.shapes.CommunityShapes``); this layer only
recolours them and adds the figure to their tooltips (``Recolour``), kilobytes, so that Streamlit
swaps it without reloading the map (``feature_group_to_add``). The classes and colours are
``geo.maps.choropleth``'s; every text is escaped here.
"""

from __future__ import annotations

import folium
import pandas as pd

from geo.figures.metrics import COUNT_METRICS, METRICS
from geo.ingest.loaders import Dataset
from geo.maps.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.maps.map_elements import LegendLayer
from geo.maps.shapes import Recolour
from geo.text.formatting import number, percent
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc


def metric_text(metric: str, value: object, lang: str) -> str:
    if metric == "share_closed":
        return percent(value, lang)
    return number(value, lang, digits=1 if metric == "idps_per_1000" else 0)


def legend_html(metrics: pd.DataFrame, metric: str, lang: str) -> str:
    """The legend: metric name, its unit, and one swatch per class (escaped)."""
    _ = gettext_for(lang)
    title, unit, _fmt = METRICS[metric]
    classes = classify(metrics[metric], metric)
    counts = metric in COUNT_METRICS
    rows = [f'<div><i style="background:{ZERO_COLOUR}"></i>{esc(metric_text(metric, 0, lang))}</div>']
    for low, high, colour in classes.ranges():
        # Counts read as whole ranges (1 – 2, 3 – 5); rates as "above low, up to high".
        start = metric_text(metric, low + 1 if counts else low, lang)
        text = f"{start} – {metric_text(metric, high, lang)}" if start != metric_text(metric, high, lang) else start
        rows.append(f'<div><i style="background:{colour}"></i>{esc(text)}</div>')
    no_data = _("no data")
    rows.append(f'<div><i style="background:{NO_DATA_COLOUR}"></i>{esc(no_data)}</div>')
    title, unit = _(title), _(unit)
    return f'<div class="hm-title">{esc(title)}</div><div class="hm-unit">{esc(unit)}</div>' + "".join(rows)


def community_colours(
    communities: pd.DataFrame, metrics: pd.DataFrame, metric: str, lang: str
) -> tuple[list[str], list[str]]:
    """Fill colour and escaped figure of every community for ``metric``, in the communities' order.

    Communities with no figure are grey and read "no data".
    """
    _ = gettext_for(lang)
    classes = classify(metrics[metric], metric)
    values = metrics[metric].reindex(pd.Index(communities["pcode"]))
    no_data = esc(_("no data"))
    colours = [classes.colour(v) for v in values]
    texts = [esc(metric_text(metric, v, lang)) or no_data for v in values]
    return colours, texts


def choropleth_layer(dataset: Dataset, metrics: pd.DataFrame, metric: str, lang: str) -> folium.FeatureGroup:
    """The colours of ``metric`` for the communities already on the map, and its legend.

    Kilobytes, not the shapes again: switching the metric swaps this group (``feature_group_to_add``).
    """
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Communities: {metric}").format(metric=_(METRICS[metric][0])), control=False)
    colours, texts = community_colours(dataset.communities, metrics, metric, lang)
    Recolour(colours, texts, esc(_(METRICS[metric][0]))).add_to(group)
    LegendLayer(legend_html(metrics, metric, lang)).add_to(group)
    return group
