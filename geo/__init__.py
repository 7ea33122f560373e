"""Pure functions behind the dashboard (see README.md, "How it is built").

Importing ``geo`` first restricts GDAL to the three formats we read, with no network
(``geo.ingest.gdal_config``): nothing in this process can open a file with another driver.
"""

from geo.ingest import gdal_config

gdal_config.configure()
