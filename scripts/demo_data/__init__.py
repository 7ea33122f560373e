"""The demo data in ``data/``, part by part; ``scripts/make_demo_data.py`` runs them in order."""
