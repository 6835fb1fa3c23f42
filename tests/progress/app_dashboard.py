"""AppTest wrapper: the progress dashboard page alone."""
from ui.dashboard import render

render()
