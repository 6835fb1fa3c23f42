"""Run under the system Python with Debian's python3-qgis: open GeoPackage tables as QGIS does.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_open.py FILE.gpkg TABLE... → one line per table:
    name, valid, feature count, renderer type, number of rules, embedded renderer type (point displacement)
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
path = sys.argv[1]
for name in sys.argv[2:]:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    renderer = layer.renderer()
    outer = renderer.type() if renderer else None
    embedded = renderer.embeddedRenderer() if outer == "pointDisplacement" else None
    inner = embedded or renderer
    rules = len(inner.rootRule().children()) if inner and inner.type() == "RuleRenderer" else 0
    print(f"{name}\t{layer.isValid()}\t{layer.featureCount()}\t{outer}\t{rules}\t{embedded.type() if embedded else ''}")
app.exitQgis()
