"""Pure anatomy compute: the MyoLeg model, bones, fibres, motions and mechanics.

This sub-package never imports panel, param or bokeh (a test enforces it).
"""
