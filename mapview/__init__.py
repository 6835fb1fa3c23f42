"""Folium rendering of the plan's layers, kept apart from the data model (like geopandas' explore.py).

Pure Python: builds folium objects and HTML strings; never imports streamlit.
"""
