"""Stand-in for the real ``layers`` package in CLI subprocess tests (put first on PYTHONPATH)."""
