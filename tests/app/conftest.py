import pytest


@pytest.fixture(autouse=True)
def app_env(monkeypatch, isolated_db, mini_data):
    """Every AppTest runs the real app on the fixture data with its own empty store."""
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(mini_data))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
