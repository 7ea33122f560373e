"""The communities coloured by a metric, with its legend: the part of the home map the metric changes.

The shapes are in the base map already (``geo.maps.shapes.CommunityShapes``); this layer only
recolours them and adds the figure to their tooltips (``Recolour``), kilobytes, so that Streamlit
swaps it without reloading the map (``feature_group_to_add``). Its legend section (the colour
classes, ``geo.maps.legend.LegendEntry``) is part of the same group, so the legend's colours are
swapped with it. One ``Classes`` (``geo.maps.choropleth``) colours the map and writes the legend;
every text is escaped here.
"""

from __future__ import annotations

import folium
import pandas as pd

from geo.figures.metrics import METRICS
from geo.ingest.loaders import Dataset
from geo.maps.choropleth import Classes, classify
from geo.maps.legend import LegendEntry, colour_section
from geo.maps.shapes import Recolour
from geo.text.formatting import number, percent
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc


def metric_text(metric: str, value: object, lang: str) -> str:
    if metric == "share_closed":
        return percent(value, lang)
    return number(value, lang, digits=1 if metric == "idps_per_1000" else 0)


def metric_legend(classes: Classes, values: pd.Series, metric: str, lang: str) -> dict:
    """The legend's colour section for ``metric``: its name, its unit, "0", the classes and "no data"."""
    _ = gettext_for(lang)
    title, unit, _fmt = METRICS[metric]
    return colour_section(classes, values, _(title), _(unit), lang, percent=metric == "share_closed")


def community_colours(
    communities: pd.DataFrame, metrics: pd.DataFrame, metric: str, lang: str, classes: Classes | None = None
) -> tuple[list[str], list[str]]:
    """Fill colour and escaped figure of every community for ``metric``, in the communities' order.

    Communities with no figure are grey and read "no data".
    """
    _ = gettext_for(lang)
    classes = classes or classify(metrics[metric], metric)
    values = metrics[metric].reindex(pd.Index(communities["pcode"]))
    no_data = esc(_("no data"))
    colours = [classes.colour(v) for v in values]
    texts = [esc(metric_text(metric, v, lang)) or no_data for v in values]
    return colours, texts


def choropleth_layer(dataset: Dataset, metrics: pd.DataFrame, metric: str, lang: str) -> folium.FeatureGroup:
    """The colours of ``metric`` for the communities already on the map, and its legend section.

    Kilobytes, not the shapes again: switching the metric swaps this group (``feature_group_to_add``).
    """
    _ = gettext_for(lang)
    group = folium.FeatureGroup(name=_("Communities: {metric}").format(metric=_(METRICS[metric][0])), control=False)
    classes = classify(metrics[metric], metric)  # one set of classes for the map and its legend
    colours, texts = community_colours(dataset.communities, metrics, metric, lang, classes)
    Recolour(colours, texts, esc(_(METRICS[metric][0]))).add_to(group)
    values = metrics[metric].reindex(pd.Index(dataset.communities["pcode"]))
    LegendEntry(metric_legend(classes, values, metric, lang)).add_to(group)
    return group
