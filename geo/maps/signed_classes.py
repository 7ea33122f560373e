"""Classes for an indicator that can be negative (a change in population, a balance): diverging around zero.

``geo.maps.choropleth.classify`` classes the positive values and reads a negative one as "no data",
which is right for counts, shares and rates (they are never below zero) and wrong for an indicator
such as a change in population. ``signed_classify`` keeps ``classify``'s classes when no value is
below zero, and otherwise classes each side on its own, with the same natural breaks of the
magnitudes and the same round edges (at most ``SIDE_CLASSES`` a side), in a ColorBrewer diverging
scheme (``DIVERGING_SCHEME``: colour-blind safe): reds below zero, blues above, darker further from
zero, zero white as everywhere. A side with no value has no classes; values all below zero are the
reds alone. The classes' interface is ``Classes``' (``index``, ``colour``, ``ranges``, ``digits``),
ordered from the most negative class up, so that the legend (``geo.maps.legend.colour_section``)
lists them in that order with zero between the two sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from geo.maps.choropleth import Classes, OnGrid, _natural_bounds, classify, upper_class

DIVERGING_SCHEME = "RdBu"  # red below zero, blue above: ColorBrewer's diverging scheme, colour-blind safe
SIDE_CLASSES = 4  # classes a side at most: 2 x 4 + zero + "no data" lines in the legend


@lru_cache(maxsize=16)
def diverging_ramp(below: int, above: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(``below`` reds, darkest first; ``above`` blues, lightest first): one scheme, symmetric around zero.

    The scheme has a white middle and a near-white colour either side of it; both are left out, so that
    no class is read as zero's white, and both sides take the same shades for the same distance from it.
    """
    side = max(below, above, 1)
    colours = color_brewer(DIVERGING_SCHEME, 2 * (side + 1) + 1)
    reds, blues = colours[:side], colours[-side:]
    return tuple(reds[side - below :]), tuple(blues[:above])


@dataclass(frozen=True)
class SignedClasses(OnGrid):
    """Classes below and above zero; ``below`` are the negative classes' lower bounds, most negative first.

    Class ``i`` of ``below`` holds the shown values from ``below[i]`` to the next class's bound less a step
    (the last up to ``-step``); ``above`` are inclusive upper bounds as in ``Classes``.
    """

    below: tuple[float, ...]
    below_colours: tuple[str, ...]
    above: tuple[float, ...]
    above_colours: tuple[str, ...]
    digits: int = 0

    @property
    def palette(self) -> tuple[str, ...]:
        return (*self.below_colours, *self.above_colours)

    def shown(self, value: object) -> float | None:
        """The value as people read it; None if missing."""
        return self.rounded(value)

    def nonzero_class(self, shown: float) -> int:
        """In ``ranges()``' order: the negative classes first."""
        if shown < 0:
            below = [i for i, low in enumerate(self.below) if shown >= low - 1e-9]
            return below[-1] if below else 0  # the nearest zero of those it reaches
        return len(self.below) + upper_class(shown, self.above)

    def ranges(self) -> list[tuple[float, float, str]]:
        """(low, high, colour) of each class, most negative first, both ends included: they never overlap."""
        highs = (*(round(b - self.step, self.digits) for b in self.below[1:]), -self.step)[: len(self.below)]
        negative = list(zip(self.below, highs, self.below_colours, strict=True))
        lows = (self.step, *(round(b + self.step, self.digits) for b in self.above[:-1]))[: len(self.above)]
        return negative + list(zip(lows, self.above, self.above_colours, strict=True))


def _side(magnitudes: np.ndarray, digits: int) -> tuple[float, ...]:
    """Upper bounds of the natural-break classes of positive magnitudes (``choropleth``'s, on its grid)."""
    if not len(magnitudes):
        return ()
    units = np.rint(magnitudes * 10**digits).astype(np.int64)
    grid = _natural_bounds(tuple(np.sort(units).tolist()), SIDE_CLASSES)
    return tuple(round(b / 10**digits, digits) for b in grid)


def signed_classify(values: pd.Series, metric: str, digits: int | None = None) -> Classes | SignedClasses:
    """``classify``'s classes when no value is below zero (as shown); else classes diverging around zero."""
    shown = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    rounded = shown.round(0 if digits is None else digits)
    if not (rounded < 0).any():
        return classify(values, metric, digits)
    digits = 0 if digits is None else digits
    above = _side(rounded[rounded > 0].to_numpy(), digits)
    magnitudes = _side(-rounded[rounded < 0].to_numpy(), digits)
    below = tuple(-b for b in reversed(magnitudes))  # the most negative first
    reds, blues = diverging_ramp(len(below), len(above))
    return SignedClasses(below, reds, above, blues, digits)
