"""Streamlit pages: they only compose geo/, layers/, mapview/, progress/ and export/."""
