"""Shared vocabulary of the plan map: errors, words and styles as data.

Every other package (geo, layers, progress, export, ui) may import this one;
it imports none of them and never imports streamlit.
"""
