"""Text: translation (gettext catalogues in ``geo/locale``), numbers and dates as people read
them, escaping for HTML and Markdown, Ukrainian names in Latin letters (``translit``), and place
names as people type them, brought to one spelling for a search (``name_forms``).

The lowest wing: it imports nothing else of ``geo``. Add a language string where it is shown,
marked with ``_()`` or ``N_()``, then ``make i18n`` and translate it in
``geo/locale/uk/LC_MESSAGES/messages.po``.
"""
