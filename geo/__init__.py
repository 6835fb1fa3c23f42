"""Read, validate, reproject and measure the plan's geodata (pure: shapely, pyproj, geopandas)."""
