"""Deployment settings that no visitor can change: read from the environment or Streamlit secrets.

Two settings so far. The **internal view** shows beneficiaries' personal columns (names, phones,
addresses, notes) and their own coordinates to the people who run the platform; it is switched
on by whoever deploys the app, never by a URL parameter or a widget, so that a link copied from
a projector or a chat always opens the public view. **Uploads** (a visitor's own files in the
sidebar and tour files in forum mode) are on by default and can be switched off for a public
deployment whose visitors only look.
"""

from __future__ import annotations

from collections.abc import Mapping

INTERNAL_VIEW_ENV = "HROMADA_INTERNAL_VIEW"
INTERNAL_VIEW_SECRET = "internal_view"
UPLOADS_ENV = "HROMADA_UPLOADS"
UPLOADS_SECRET = "uploads"
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
