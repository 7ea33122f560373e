"""Small groups stay anonymous in the public view: a need's vulnerable groups are shown only when
at least ``K`` needs of its community share them.

A community and a combination of vulnerable groups can together point at one household ("the
only family in Dariivka with a disabled member and a single parent"), and a public list then
tells anyone with the link what that household asked for, when and from whom. Statistical
offices and HDX's disclosure review (sdcMicro) release such key variables only where at least k
records share them, and otherwise suppress the identifying value in the records concerned
("local suppression"): the row stays, the value goes.

The rules, for the public view (the internal view is for the team and shows everything):

- The key is the community (``pcode``) and the combination of groups, as a set:
  ``elderly;disability`` and ``disability;elderly`` are one combination, shown in the data
  contract's order.
- A need with no group is in no combination: "no vulnerable group" describes most households and
  points at none, so it is never suppressed and never counts towards another need's group.
- Groups are counted over the whole data set, every status and date, so that no filter of the
  list can bring a hidden value back, and the same needs are hidden on every visit.
- A suppressed need keeps its row; its ``vulnerable_groups`` is blank and ``SUPPRESSED_COLUMN``
  is true, and the list reads "not shown: fewer than 3 in the community". Blank rather than a
  marker word, because the public GeoJSON must load again as a needs file, and the loader
  refuses a group word it does not know. A blank matches no group filter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.ingest.contract import VULNERABLE_GROUPS

K = 3  # "fewer than 3": a combination shared by 1 or 2 needs of a community is not shown
SUPPRESSED_COLUMN = "groups_suppressed"
_ORDER = {key: i for i, key in enumerate(VULNERABLE_GROUPS)}


def _canonical(value: object) -> str | None:
    """One cell as its set of groups in the contract's order (unknown keys last); None for none."""
    keys = dict.fromkeys(k.strip() for k in str(value).split(";") if k.strip())
    if not keys:
        return None
    return ";".join(sorted(keys, key=lambda k: _ORDER.get(k, len(_ORDER))))  # stable: unknown keys keep their order


def combinations(groups: pd.Series) -> pd.Series:
    """Each need's combination of groups, written one way (``disability;elderly``); NA for no group.

    Looked up once per distinct value: 100,000 needs hold a few dozen combinations.
    """
    codes, distinct = pd.factorize(groups.astype("string"))
    table = np.array([_canonical(v) for v in distinct] + [None], dtype=object)  # code -1 (blank) picks None
    return pd.Series(table[codes], index=groups.index, dtype="string")


def small_groups(needs: pd.DataFrame, k: int = K) -> np.ndarray:
    """True for each need whose combination of groups fewer than ``k`` needs of its community share.

    A need with no group is never in a small group (see the module's rules).
    """
    combination = combinations(needs["vulnerable_groups"])
    cells = pd.DataFrame(
        {"pcode": needs["pcode"].astype("string").fillna("").to_numpy(), "groups": combination.fillna("").to_numpy()}
    )
    size = cells.groupby(["pcode", "groups"], sort=False)["groups"].transform("size").to_numpy()
    return combination.notna().to_numpy(dtype=bool) & (size < k)


def suppress_small_groups(needs: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """``needs`` with the groups written one way, blanked where fewer than ``k`` needs of the
    community share them, and ``SUPPRESSED_COLUMN`` true on those needs.

    Parameters
    ----------
    needs
        Every need of the data set (not a filtered list: see the module's rules), with
        ``pcode`` and ``vulnerable_groups``.
    k
        The smallest group that is shown.
    """
    hidden = small_groups(needs, k)
    groups = combinations(needs["vulnerable_groups"]).mask(hidden)
    return needs.assign(vulnerable_groups=groups, **{SUPPRESSED_COLUMN: hidden})
