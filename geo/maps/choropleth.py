"""Classes and colours for the community choropleth.

Five classes of colour-blind-safe ColorBrewer ramps, one ramp per metric so that a presenter's
audience does not read "IDPs hosted" with the colours of "open needs". Zero has its own class
(most communities have no open needs) and missing values are grey with "no data".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.figures.metrics import COUNT_METRICS

RAMPS = {
    "open_needs": ("#fff7bc", "#fec44f", "#fe9929", "#d95f0e", "#993404"),
    "share_closed": ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"),
    "idps_hosted": ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
    "idps_per_1000": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
}
# Shares read best in steps of a fifth, whatever the data.
FIXED_BOUNDS = {"share_closed": (20.0, 40.0, 60.0, 80.0, 100.0)}
ZERO_COLOUR = "#ffffff"
NO_DATA_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (the first class starts above zero) and their colours."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]

    def colour(self, value: float | None) -> str:
        if value is None or pd.isna(value):
            return NO_DATA_COLOUR
        if value == 0:
            return ZERO_COLOUR
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]

    def ranges(self) -> list[tuple[float, float, str]]:
        """(low, high, colour) for the legend; the first low is 0 (exclusive)."""
        lows = (0.0, *self.bounds[:-1])
        return list(zip(lows, self.bounds, self.colours, strict=True))


def _nice(value: float) -> float:
    """Round a class break up to a number people read easily (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 0.0
    exponent = np.floor(np.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        nice = step * 10**exponent
        if nice >= value - 1e-9:
            return float(nice)
    return float(value)


def classify(values: pd.Series, metric: str) -> Classes:
    """Quantile classes of the positive values, with nice rounded breaks, at most five."""
    ramp = RAMPS[metric]
    positive = pd.to_numeric(values, errors="coerce").astype(float)
    positive = positive[positive > 0]
    if positive.empty:
        return Classes((1.0,), ramp[-1:])
    if metric in FIXED_BOUNDS:
        return Classes(FIXED_BOUNDS[metric], ramp)
    quantiles = positive.quantile([0.2, 0.4, 0.6, 0.8, 1.0]).to_numpy()
    if metric in COUNT_METRICS:
        bounds = sorted({float(np.ceil(_nice(q))) for q in quantiles})
    else:
        bounds = sorted({_nice(q) for q in quantiles})
    bounds = [b for b in bounds if b < positive.max()] + [float(positive.max())]
    picks = np.linspace(0, len(ramp) - 1, len(bounds)).round().astype(int) if len(bounds) > 1 else [len(ramp) - 1]
    colours = [ramp[i] for i in picks]
    return Classes(tuple(bounds), tuple(colours))
