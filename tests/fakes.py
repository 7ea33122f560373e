"""The fake personal details that the fixture and demo needs carry, in one place.

Every test that checks a public view, an export or a message looks for these and must not find them.
"""

FIXTURE_SECRETS = ("Secret Person", "+380 99", "Secret street", "secret note")  # tests/data/needs.csv
DEMO_SECRETS = ("Demo Person", "+380 00 000", "Demo street", "demo note")  # data/needs.csv (scripts/make_demo_data.py)
