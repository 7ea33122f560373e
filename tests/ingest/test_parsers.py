"""The value parsers understand what the app itself writes, in either language."""

import pandas as pd
import pytest

from geo.ingest.contract import VOCABULARIES
from geo.ingest.parsers import PARSERS
from geo.text.i18n import gettext_for


@pytest.mark.parametrize("vocabulary", ["status", "sector", "groups", "hub_type"])
def test_every_word_the_app_shows_is_accepted_back(vocabulary):
    """A user who types a status or sector as the app writes it, in either language, is understood."""
    parse = PARSERS[vocabulary]
    for lang in ("uk", "en"):
        _ = gettext_for(lang)
        labels = pd.Series([_(label).upper() for label, _aliases in VOCABULARIES[vocabulary].values()])
        keys, bad = parse(labels)
        assert not bad.any(), labels[bad].tolist()
        assert keys.tolist() == list(VOCABULARIES[vocabulary])
