"""Classes and colours for the community choropleth: the same classes on the map and in its legend.

How a metric's communities fall into classes (docs/data-format.md, "Colour classes"):

- **Counts** (``open_needs``, ``idps_hosted``, and the Needs page's filtered open needs) and the
  **rate** ``idps_per_1000``: *natural breaks* (Fisher-Jenks, the exact optimum of Jenks's
  method: the least squared difference from each class's mean) of the positive values **on a log
  scale**, at most five classes. These figures span orders of magnitude (1 to 78 open needs, 379
  to 23,092 IDPs hosted in the demo): on a linear scale natural breaks put almost every community
  into the first class and spend the other colours on one or two outliers, and quantiles spend
  colours on ties among small counts. On a log scale the breaks separate a few from some from
  many, the big hosts stay apart from the rest, and every colour is used.
- **Shares** (``share_closed``): fixed steps of 20 % (1 – 20 %, ..., 81 – 100 %), whatever the
  data, so that two maps, two dates or two oblasts compare.

Every class edge is a round number: the roundest number (a multiple of the largest 1, 2 or
5 x 10^n that fits) within a fifth of its break, or in the gap between the two classes when that
is wider, so a few communities right at a break may change class for it (where that would leave
a class empty, every edge stays in its gap instead). The last class ends at the largest value.
Values are classed as they are shown (whole counts and percents, per 1,000 with one decimal),
and each class starts one step above the one before, so classes never overlap as people read
them: "1 – 2", "3 – 5", "6 – 20"; "0.1 – 5.0", "5.1 – 10.0"; "1 – 20 %", "21 – 40 %". Zero has
its own class and colour (white: most communities have no open needs), and so do missing values
(grey, "no data").

Colours are ColorBrewer's sequential schemes, which are colour-blind safe, one hue per metric so
that "IDPs hosted" is never read with the colours of "open needs". For k classes the scheme of
k + 1 colours is used without its lightest, which would be hard to tell from the zero class's white.

The breaks are worked out here in numpy (``natural_breaks``); tests check them against
``mapclassify.FisherJenks``, which is not needed at run time (it brings scikit-learn and scipy, and
its exact Jenks runs in pure Python without numba: seconds for a national set).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from branca.utilities import color_brewer

# Each metric's ColorBrewer sequential scheme (the Needs page's filtered open needs use "open_needs").
SCHEMES = {
    "open_needs": "YlOrBr",
    "share_closed": "Greens",
    "idps_hosted": "Purples",
    "idps_per_1000": "Blues",
}
# An indicator (geo.figures.indicator_metrics: any number of them, from the data) is classed by natural
# breaks in this scheme, a hue none of the built-in metrics uses.
INDICATOR_SCHEME = "YlGnBu"
MAX_CLASSES = 5
# How each metric is classed: "natural" (Fisher-Jenks on a log scale) or "fixed" (FIXED_BOUNDS).
METHODS = {"open_needs": "natural", "idps_hosted": "natural", "idps_per_1000": "natural", "share_closed": "fixed"}
# Shares read best in steps of a fifth, whatever the data.
FIXED_BOUNDS = {"share_closed": (20.0, 40.0, 60.0, 80.0, 100.0)}
# Decimals a metric is shown (and classed) with: classes are ranges of what people read.
DIGITS = {"idps_per_1000": 1}
ZERO_COLOUR = "#ffffff"
NO_DATA_COLOUR = "#d9d9d9"
# Above this many distinct values, values are grouped to two significant digits before the breaks
# are sought (1,234 and 1,240 are one group): the edges are rounded anyway, and the work stays small.
EXACT_UP_TO = 400
# A class edge is the roundest number within this factor of its break (or in the gap between the
# classes): a few communities near a break may change class, for edges people can read.
ROUNDING_WINDOW = 1.2


@lru_cache(maxsize=64)
def ramp(metric: str, classes: int) -> tuple[str, ...]:
    """``classes`` colours of the metric's ColorBrewer scheme, light to dark, none close to white."""
    name = SCHEMES.get(metric, INDICATOR_SCHEME)
    if classes <= 1:
        return (color_brewer(name, 3)[-1],)
    return tuple(color_brewer(name, max(3, classes + 1))[-classes:])


class OnGrid:
    """What classes on the grid of shown values share (``Classes``, ``geo.maps.signed_classes.SignedClasses``):
    values are classed as people read them, rounded to ``digits``, and zero and missing have colours of their own."""

    digits: int
    palette: tuple[str, ...]  # the classes' colours in ``index`` order

    @property
    def step(self) -> float:
        return 10.0**-self.digits

    def rounded(self, value: object) -> float | None:
        """The value rounded like ``geo.text.formatting.number``; None if missing."""
        if value is None or value is pd.NA or pd.isna(value):
            return None
        return round(float(value), self.digits)

    def shown(self, value: object) -> float | None:
        raise NotImplementedError

    def nonzero_class(self, shown: float) -> int:
        """The class of a shown value other than zero, in ``palette`` order."""
        raise NotImplementedError

    def index(self, value: object) -> int | None:
        """The class of ``value`` in ``palette`` order: -1 for zero, None for missing."""
        shown = self.shown(value)
        if shown is None:
            return None
        return -1 if shown == 0 else self.nonzero_class(shown)

    def colour(self, value: object) -> str:
        i = self.index(value)
        if i is None:
            return NO_DATA_COLOUR
        return ZERO_COLOUR if i < 0 else self.palette[i]


def upper_class(shown: float, bounds: tuple[float, ...]) -> int:
    """The first class whose inclusive upper bound holds ``shown`` (a value above every bound: the last)."""
    for i, bound in enumerate(bounds):
        if shown <= bound + 1e-9:
            return i
    return len(bounds) - 1


@dataclass(frozen=True)
class Classes(OnGrid):
    """The classes of one metric: inclusive upper bounds on the grid of shown values, and colours.

    Class ``i`` holds the shown values from ``bounds[i - 1] + step`` (the first from ``step``) to
    ``bounds[i]``; zero and missing values have colours of their own.
    """

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    digits: int = 0

    @property
    def palette(self) -> tuple[str, ...]:
        return self.colours

    def shown(self, value: object) -> float | None:
        """The value as people read it; None if missing (or below zero: counts, shares and rates never are)."""
        shown = self.rounded(value)
        return None if shown is None or shown < 0 else shown

    def nonzero_class(self, shown: float) -> int:
        return upper_class(shown, self.bounds)

    def ranges(self) -> list[tuple[float, float, str]]:
        """(low, high, colour) of each class, both ends included and on the grid: they never overlap."""
        lows = (self.step, *(round(b + self.step, self.digits) for b in self.bounds[:-1]))
        return list(zip(lows, self.bounds, self.colours, strict=True))


def natural_breaks(values: np.ndarray, weights: np.ndarray, k: int) -> list[int]:
    """Fisher-Jenks: where to cut sorted distinct ``values`` (with ``weights``) into ``k`` classes.

    Returns the end (exclusive index) of each class; the classes minimise the weighted sum of
    squared differences from their means (dynamic programming over every possible cut, exact).
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    m = len(x)
    k = max(1, min(k, m))
    W, S, Q = (np.r_[0.0, np.cumsum(a)] for a in (w, w * x, w * x * x))
    with np.errstate(divide="ignore", invalid="ignore"):
        dw = W[None, :] - W[:, None]  # [a, b]: the values a .. b - 1
        ds = S[None, :] - S[:, None]
        cost_of = np.maximum((Q[None, :] - Q[:, None]) - ds * ds / dw, 0.0)
    cost_of[dw <= 0] = np.inf
    cost = cost_of[0]  # the first i values in one class
    cuts = []
    columns = np.arange(m + 1)
    for _classes in range(2, k + 1):
        total = cost[:, None] + cost_of  # first t values in the classes so far, t .. i - 1 in a new one
        best = np.argmin(total, axis=0)
        cuts.append(best)
        cost = total[best, columns]
    ends = [m]
    for best in reversed(cuts):
        ends.append(int(best[ends[-1]]))
    return sorted(ends)


def roundest(low: int, high: int) -> int:
    """The roundest whole number in [low, high): a multiple of the largest 1, 2 or 5 x 10^n that fits."""
    if high <= low + 1:
        return low
    exponent = int(math.floor(math.log10(high)))
    for power in range(exponent, -1, -1):
        for factor in (5, 2, 1):
            step = factor * 10**power
            edge = -(-low // step) * step  # the smallest multiple of step >= low
            if edge < high:
                return edge
    return low


def _grouped(units: np.ndarray) -> np.ndarray:
    """Each value's group: itself, or above EXACT_UP_TO distinct values, itself to two significant digits."""
    if len(np.unique(units)) <= EXACT_UP_TO:
        return units
    scale = 10.0 ** (np.floor(np.log10(units)) - 1)
    return np.round(units / scale) * scale


def _edges(data: np.ndarray, tops: list[int], window: float) -> list[int]:
    """The roundest edge near each break (after the class whose largest value is ``tops[i]``).

    ``window`` 1: in the gap between the classes, which keeps every community in its class;
    above 1: within that factor of the break (on the log scale it was found on) too.
    """
    edges = []
    for top in tops:
        following = int(data[data > top].min())  # the next class's smallest value
        middle = math.sqrt(top * following)
        low, high = min(top, middle / window), max(following, middle * window)
        edges.append(roundest(math.ceil(low), math.ceil(high)))
    return edges


def _fits(data: np.ndarray, bounds: list[int]) -> bool:
    """Every class between these bounds holds a value, and the bounds rise."""
    lows = [0, *bounds[:-1]]
    return all(low < high and ((data > low) & (data <= high)).any() for low, high in zip(lows, bounds, strict=True))


@lru_cache(maxsize=64)
def _natural_bounds(units: tuple[int, ...], k: int) -> tuple[int, ...]:
    """Upper bounds (in grid units) of the natural-break classes of positive whole grid units."""
    data = np.asarray(units, dtype=float)
    groups = _grouped(data)
    distinct, counts = np.unique(groups, return_counts=True)
    ends = natural_breaks(np.log10(distinct), counts, k)
    tops = [int(data[groups <= distinct[end - 1]].max()) for end in ends[:-1]]  # each class's largest value
    largest = int(data.max())
    for window in (ROUNDING_WINDOW, 1.0):  # round numbers near the breaks; else in the gaps, which always fit
        bounds = [*_edges(data, tops, window), largest]
        if _fits(data, bounds):
            return tuple(bounds)
    raise AssertionError("edges in the gaps always fit")  # pragma: no cover


def classify(values: pd.Series, metric: str, digits: int | None = None) -> Classes:
    """The classes of ``metric`` for these values (one per community), with their colours.

    A metric not named here (an indicator) takes natural breaks, ``INDICATOR_SCHEME`` and ``digits``.
    """
    digits = DIGITS.get(metric, 0) if digits is None else digits
    shown = pd.to_numeric(pd.Series(values), errors="coerce").astype(float).round(digits)
    positive = shown[shown > 0].to_numpy()
    if METHODS.get(metric, "natural") == "fixed":
        bounds = FIXED_BOUNDS[metric]
        return Classes(bounds, ramp(metric, len(bounds)), digits)
    if not len(positive):
        return Classes((float(10.0**-digits),), ramp(metric, 1), digits)
    units = np.rint(positive * 10**digits).astype(np.int64)
    grid = _natural_bounds(tuple(np.sort(units).tolist()), MAX_CLASSES)
    bounds = tuple(round(b / 10**digits, digits) for b in grid)
    return Classes(bounds, ramp(metric, len(bounds)), digits)
