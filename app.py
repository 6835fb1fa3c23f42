"""Hải Dương 2030 planning map — `streamlit run app.py`."""
from ui.app import main

main()
