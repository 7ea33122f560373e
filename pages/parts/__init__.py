"""The parts pages are built from, in Streamlit: cached views of the data and sections of a page.

Not pages (``app.py`` lists those). A part reads and writes widgets and session state and calls
``geo`` for everything else, like a page; it exists so that a page stays short enough to read.
"""
