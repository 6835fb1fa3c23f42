"""AppTest wrapper: the 2030 targets page alone."""
from ui.targets import render

render()
