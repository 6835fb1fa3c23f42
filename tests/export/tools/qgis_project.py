"""Run under the system Python with Debian's python3-qgis: open a QGIS project as QGIS does.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_project.py FILE.qgz [PICTURE.png [XMIN,YMIN,XMAX,YMAX]]
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_project.py FILE.gpkg   (its tables, with their default styles)
    → one JSON document on stdout: whether it read, the project's title, CRS and first view, and per layer
    (top of the layer tree first) its name, validity, feature count, renderer (and the renderer a point
    displacement renderer embeds, and the field it writes beside each symbol), labels, expression fields and, per
    feature, the colours of the symbol QGIS draws it with
    (its top symbol layer: leader lines lie under it). With PICTURE.png, the first view is rendered there.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFields,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRenderContext,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
if sys.argv[1].endswith(".gpkg"):  # a GeoPackage opened table by table, as QGIS's browser does
    from qgis.core import QgsVectorLayer
    from osgeo import ogr
    names = [layer.GetName() for layer in ogr.Open(sys.argv[1])]
    for name in names:
        if name != "layer_styles":
            project.addMapLayer(QgsVectorLayer(f"{sys.argv[1]}|layername={name}", name, "ogr"))
    ok = True
else:
    ok = project.read(sys.argv[1])
extent = project.viewSettings().defaultViewExtent()
out = {"read": ok, "error": project.error(), "title": project.title(), "crs": project.crs().authid(),
       "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
       "extent_crs": extent.crs().authid(), "layers": []}
tree_layers = [node.layer() for node in project.layerTreeRoot().findLayers()]
for layer in tree_layers:
    renderer = layer.renderer()
    entry = {"name": layer.name(), "valid": layer.isValid(), "count": layer.featureCount(),
             "geometry": layer.geometryType(), "renderer": renderer.type() if renderer else None,
             "embedded": renderer.embeddedRenderer().type()
             if renderer is not None and renderer.type() == "pointDisplacement" else None,
             "labels": bool(layer.labelsEnabled()), "label_field": None, "features": {},
             "renderer_label": renderer.labelAttributeName()
             if renderer is not None and renderer.type() == "pointDisplacement" else None,
             "expressions": {field.name(): layer.expressionField(i) for i, field in enumerate(layer.fields())
                             if layer.fields().fieldOrigin(i) == QgsFields.OriginExpression}}
    if layer.labelsEnabled() and layer.labeling() is not None:
        entry["label_field"] = layer.labeling().settings().fieldName
        settings_ = layer.labeling().settings()   # each step kept: a temporary's copy would be gone
        text_format = settings_.format()
        buffer = text_format.buffer()   # the halo: on, its colour and width (mm)
        entry["label_halo"] = [buffer.enabled(), buffer.color().name(), buffer.size()]
    if renderer is not None and layer.isValid():
        context = QgsRenderContext()
        renderer.startRender(context, layer.fields())
        key = "id" if layer.fields().indexOf("id") >= 0 else "name"
        for feature in layer.getFeatures():
            symbols = renderer.symbolsForFeature(feature, context)
            top = symbols[0].symbolLayer(symbols[0].symbolLayerCount() - 1) if symbols else None
            props = top.properties() if top else {}
            entry["features"][str(feature[key])] = {k: props.get(k) for k in ("color", "outline_color", "line_color",
                                                                               "name", "outline_style", "line_style",
                                                                               "style", "use_custom_dash",
                                                                               "customdash")}
        renderer.stopRender(context)
    out["layers"].append(entry)
if len(sys.argv) > 2:
    settings = QgsMapSettings()
    settings.setLayers(tree_layers)
    settings.setDestinationCrs(project.crs())
    if len(sys.argv) > 3:   # a view other than the project's first (zoomed in, as a planner does)
        from qgis.core import QgsRectangle
        extent = QgsRectangle(*(float(v) for v in sys.argv[3].split(",")))
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1400, 1000))
    settings.setBackgroundColor(QColor(255, 255, 255))
    # the variables QGIS's map canvas gives expressions (@map_scale among them), as the canvas sets them
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.globalScope())
    context.appendScope(QgsExpressionContextUtils.projectScope(project))
    context.appendScope(QgsExpressionContextUtils.mapSettingsScope(settings))
    settings.setExpressionContext(context)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    out["picture"] = job.renderedImage().save(sys.argv[2], "png")
    # the names QGIS's labelling set (layer, text, box in pixels from the top left) and each point's true position
    to_px = settings.mapToPixel()
    names = {layer.id(): layer.name() for layer in tree_layers}

    def px(x, y):
        p = to_px.transform(x, y)
        return [p.x(), p.y()]
    out["placed_labels"] = []
    for pos in job.takeLabelingResults().allLabels():
        r = pos.labelRect
        (x0, y0), (x1, y1) = px(r.xMinimum(), r.yMaximum()), px(r.xMaximum(), r.yMinimum())
        out["placed_labels"].append({"layer": names.get(pos.layerID, pos.layerID), "text": pos.labelText,
                                     "box": [x0, y0, x1, y1], "unplaced": pos.isUnplaced})
    out["dpi"] = settings.outputDpi()
    out["points"] = {}
    for layer in tree_layers:
        if layer.geometryType() == 0 and layer.fields().indexOf("id") >= 0:
            for feature in layer.getFeatures():
                if not feature.geometry().isEmpty():
                    p = feature.geometry().asPoint()
                    out["points"][str(feature["id"])] = px(p.x(), p.y())
print(json.dumps(out, ensure_ascii=False))
app.exitQgis()
