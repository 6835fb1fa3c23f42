#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine with Python 3.11, then run it all:
# unit, AppTest, store against SQLite and a real PostgreSQL server, and the browser tier in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3

# System packages: chromium for the browser tier, PostgreSQL for the shared-store tests,
# poppler-utils to look at PDFs, LibreOffice Calc to read spreadsheets back as users do, nginx for the
# two-server deployment test, gdal-bin (ogrinfo) to read exported GeoJSON/GeoPackage. Installed only when missing.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v pdftotext >/dev/null || need+=(poppler-utils)
dpkg -s libreoffice-calc >/dev/null 2>&1 || need+=(libreoffice-calc)
[ -x /usr/sbin/nginx ] || need+=(nginx)
# The software users open exports with: LibreOffice Impress (slides), GDAL (ogrinfo/ogr2ogr).
dpkg -s libreoffice-impress >/dev/null 2>&1 || need+=(libreoffice-impress)
command -v ogr2ogr >/dev/null || need+=(gdal-bin)
# QGIS itself (headless, QT_QPA_PLATFORM=offscreen) opens the GeoPackage with its embedded styles.
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || need+=(python3-qgis qgis-providers)
[ -x .venv/bin/python ] || "$PY" -c "import ensurepip" 2>/dev/null || need+=(python3-venv)  # Debian splits venv out
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" fonts-dejavu-core >/dev/null
fi

# Python packages, pinned, in the project's own virtual environment.
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# A throwaway PostgreSQL server for the store's tests; stopped whatever happens.
PLANMAP_TEST_PG_URL=$(bash scripts/pg_test_server.sh)
export PLANMAP_TEST_PG_URL
trap 'bash scripts/pg_test_server.sh stop' EXIT

.venv/bin/python -m pytest "$@"
