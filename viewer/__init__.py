"""glute-viewer: an interactive 3D viewer of the gluteal muscles."""

__version__ = "0.1.0"
