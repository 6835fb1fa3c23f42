from tests.progress.fake_refs import feature_refs  # noqa: F401
