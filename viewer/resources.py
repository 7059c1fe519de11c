"""Where the viewer's data files are, in an installed wheel and in a source checkout alike.

The content files live at the top of the project, beside the package: ``annotations/``
(muscle cards, motions, JSON Schemas) and ``meshes/`` (the bone recipe ``manifest.yaml``).
A wheel carries copies of them inside the package, under ``viewer/_data/annotations`` and
``viewer/_data/meshes`` (the mapping is in pyproject.toml), since nothing outside the
package is installed. This module finds them without knowing which case it is in:

1. the package's own copy, ``importlib.resources.files("viewer") / "_data"``, when it
   exists (an installed wheel);
2. otherwise the project's top-level folders (a source checkout, or an editable install,
   which runs the package from the checkout).

Only the standard library is imported, so anything may use this module (the anatomy
engine, the CLI, build scripts) without importing Panel or NumPy.

The environment override of the content directory, ``GLUTE_VIEWER_ANNOTATIONS``, is not
applied here: :func:`viewer.anatomy.yamlio.annotations_dir` applies it on top of
:func:`annotations_root`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Final

__all__ = ["DATA_PACKAGE_DIR", "annotations_root", "data_root", "is_packaged", "meshes_manifest", "schema_dir"]

DATA_PACKAGE_DIR: Final = "_data"
"""Name of the folder inside the ``viewer`` package that holds the wheel's copy of the data."""

_CHECKOUT_ROOT: Final = Path(__file__).resolve().parents[1]
"""The folder holding the ``viewer`` package: the project root in a source checkout."""


def _packaged_root() -> Path:
    """Return ``viewer/_data`` of the imported package, whether or not it exists.

    Returns
    -------
    Path
        The package's data folder on the file system.

    """
    root = files("viewer") / DATA_PACKAGE_DIR
    # A wheel is installed as plain files, so this is a pathlib.Path; a zipped install
    # (not supported) would give another Traversable, whose str() still names the place.
    return root if isinstance(root, Path) else Path(str(root))


def is_packaged() -> bool:
    """Tell whether the data comes from the package's own copy (an installed wheel).

    Returns
    -------
    bool
        True when ``viewer/_data`` exists in the imported package, False in a source
        checkout or an editable install, which read the project's top-level folders.

    """
    return _packaged_root().is_dir()


def data_root() -> Path:
    """Return the folder holding ``annotations/`` and ``meshes/``.

    Returns
    -------
    Path
        ``<site-packages>/viewer/_data`` for an installed wheel, else the project root of
        the checkout the package runs from. When neither holds the data (a broken install),
        the package's ``_data`` path is returned, so that the file-not-found errors raised
        later name the place the wheel should have filled.

    """
    packaged = _packaged_root()
    if packaged.is_dir():
        return packaged
    if (_CHECKOUT_ROOT / "annotations").is_dir():
        return _CHECKOUT_ROOT
    return packaged


def annotations_root() -> Path:
    """Return the shipped content directory (``muscles/``, ``motions/``, ``schema/``).

    Returns
    -------
    Path
        ``data_root() / "annotations"``. An instructor's edited copy named by
        ``GLUTE_VIEWER_ANNOTATIONS`` is applied by
        :func:`viewer.anatomy.yamlio.annotations_dir`, not here.

    """
    return data_root() / "annotations"


def schema_dir() -> Path:
    """Return the folder of the JSON Schemas the content files are validated against.

    Returns
    -------
    Path
        ``annotations_root() / "schema"`` (schemas always come from the package, never
        from an override directory).

    """
    return annotations_root() / "schema"


def meshes_manifest() -> Path:
    """Return the bone mesh recipe, ``meshes/manifest.yaml``.

    Returns
    -------
    Path
        ``data_root() / "meshes" / "manifest.yaml"``.

    """
    return data_root() / "meshes" / "manifest.yaml"
