"""AppTest wrapper: the reporting page alone."""
from ui.report import render

render()
