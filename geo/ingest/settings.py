"""Deployment settings that no visitor can change: read from the environment or Streamlit secrets.

The **internal view** shows beneficiaries' personal columns (names, phones,
addresses, notes) and their own coordinates to the people who run the platform; it is switched
on by whoever deploys the app, never by a URL parameter or a widget, so that a link copied from
a projector or a chat always opens the public view. **Uploads** (a visitor's own files in the
sidebar and tour files in forum mode) are on by default and can be switched off for a public
deployment whose visitors only look. The **reference day** (the day that "days open" and the
staleness warnings count to) and the **data's date** ("data as of") can be fixed for a registry
exported on one day and shown later (``geo.figures.data_date``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from geo.ingest.mapping import ColumnMapping, MappingError, mapping_from_dict, parse_mapping

INTERNAL_VIEW_ENV = "HROMADA_INTERNAL_VIEW"
INTERNAL_VIEW_SECRET = "internal_view"
UPLOADS_ENV = "HROMADA_UPLOADS"
UPLOADS_SECRET = "uploads"
REFERENCE_DAY_ENV = "HROMADA_REFERENCE_DAY"
REFERENCE_DAY_SECRET = "reference_day"
DATA_AS_OF_ENV = "HROMADA_DATA_AS_OF"
DATA_AS_OF_SECRET = "data_as_of"
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
# Words that switch a setting on; anything else (unset, "0", "false", a typo) leaves it off.
ON_WORDS = ("1", "true", "yes", "on", "так")


def _is_on(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value if value is not None else "").strip().lower() in ON_WORDS


def internal_view_enabled(environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> bool:
    """Whether this deployment shows personal columns (the internal view).

    Parameters
    ----------
    environ
        The process environment (``os.environ``): ``HROMADA_INTERNAL_VIEW=1`` switches it on.
    secrets
        Streamlit secrets (``st.secrets``): ``internal_view = true`` in ``.streamlit/secrets.toml``.

    Returns
    -------
    bool
        True only when one of the two says so explicitly. A missing or unreadable secrets file
        counts as "off": when in doubt, the view stays public.
    """
    if _is_on(environ.get(INTERNAL_VIEW_ENV)):
        return True
    if secrets is None:
        return False
    try:
        return _is_on(secrets.get(INTERNAL_VIEW_SECRET))
    except Exception:  # noqa: BLE001 - st.secrets raises its own errors when there is no secrets file
        return False


def uploads_enabled(environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> bool:
    """Whether visitors may upload their own files (the sidebar's "Your files", forum tours).

    On unless the deployment says otherwise: ``HROMADA_UPLOADS=0`` in the environment or
    ``uploads = false`` in ``.streamlit/secrets.toml``. A value that is set but not one of
    ``ON_WORDS`` (a typo) switches uploads off: the operator meant to change something.
    """
    value = environ.get(UPLOADS_ENV)
    if value is None and secrets is not None:
        try:
            value = secrets.get(UPLOADS_SECRET)
        except Exception:  # noqa: BLE001 - st.secrets raises its own errors when there is no secrets file
            value = None
    return True if value is None else _is_on(value)


class BadSetting(ValueError):
    """A deployment setting that is set but cannot be read: the operator meant something, so it is said."""

    def __init__(self, name: str, value: object):
        super().__init__(f"{name}={value!r}")
        self.name, self.value = name, value


def _secret(secrets: Mapping[str, object] | None, key: str) -> object:
    if secrets is None:
        return None
    try:
        return secrets.get(key)
    except Exception:  # noqa: BLE001 - st.secrets raises its own errors when there is no secrets file
        return None


def _date_setting(environ: Mapping[str, str], secrets: Mapping[str, object] | None, env: str, secret: str) -> dt.date | None:
    value = environ.get(env)
    name = env
    if value in (None, ""):
        value, name = _secret(secrets, secret), secret
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # TOML has dates of its own: reference_day = 2025-10-31
        return value
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), form).date()
        except ValueError:
            continue
    raise BadSetting(name, value)


def reference_day(environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> dt.date | None:
    """The day ages count to, when the deployment fixes it: ``HROMADA_REFERENCE_DAY=2025-10-31`` or
    ``reference_day = 2025-10-31`` in secrets (also ``31.10.2025``). None: not set. Raises ``BadSetting``."""
    return _date_setting(environ, secrets, REFERENCE_DAY_ENV, REFERENCE_DAY_SECRET)


def data_as_of(environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> dt.date | None:
    """The data's date, when the deployment says it (``HROMADA_DATA_AS_OF`` or ``data_as_of``), instead of
    the newest record's. None: not set. Raises ``BadSetting``."""
    return _date_setting(environ, secrets, DATA_AS_OF_ENV, DATA_AS_OF_SECRET)


MAPPING_ENV = "HROMADA_{kind}_MAP"  # HROMADA_NEEDS_MAP=/path/to/mapping.json
MAPPING_SECRET = "mapping"  # [mapping.needs] in secrets: people = "vpo_thsd*1000", or a table with column and scale


def mapping_setting(
    kind: str, environ: Mapping[str, str], secrets: Mapping[str, object] | None = None
) -> ColumnMapping | None:
    """The deployment's column mapping for one input (``geo.ingest.mapping``), or None when it sets none.

    ``HROMADA_<KIND>_MAP`` names a mapping file (JSON, CSV, or ``field=column*scale`` lines, as the app
    downloads them); else ``[mapping.<kind>]`` in secrets holds one (``people = "vpo_thsd*1000"``).
    Raises ``BadSetting`` when the file is missing or either cannot be read: the operator meant something.
    """
    name = MAPPING_ENV.format(kind=kind.upper())
    path = environ.get(name)
    try:
        if path:
            file = Path(path)
            if not file.is_file():
                raise BadSetting(name, path)
            return parse_mapping(kind, file.read_bytes()[: 2**20])
        table = _secret(secrets, MAPPING_SECRET)
        section = table.get(kind) if isinstance(table, Mapping) else None
        if section is None:
            return None
        name = f"{MAPPING_SECRET}.{kind}"
        if not isinstance(section, Mapping):
            raise BadSetting(name, section)
        return mapping_from_dict(kind, {str(k): dict(v) if isinstance(v, Mapping) else v for k, v in section.items()})
    except MappingError as error:
        raise BadSetting(name, path or error.message("en")) from error
