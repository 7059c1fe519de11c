"""Closest points on a triangle mesh and whether points are inside it, in NumPy.

Closest points follow Ericson (*Real-Time Collision Detection*, 2005, 5.1.5); inside or outside
is the generalized winding number (Jacobson, Kavan & Sorkine-Hornung, *Robust inside-outside
segmentation using generalized winding numbers*, ACM TOG 2013), the sum of the triangles' solid
angles (Van Oosterom & Strackee 1983), which stays right on the pelvis mesh's open seams where
ray parity does not. Used when the solid muscles are built (:mod:`viewer.anatomy.muscle_volumes`)
to keep the origin flaps off the bone; small inputs only (points x triangles compared at once,
in chunks).
"""

from __future__ import annotations

import numpy as np

CHUNK = 64
"""Points compared with every triangle at once."""


def _closest_on_triangles(p: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Closest point to each ``p`` (n, 1, 3) on each triangle (1, m, 3): ``(n, m, 3)``."""
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = (ab * ap).sum(-1), (ac * ap).sum(-1)
    bp = p - b
    d3, d4 = (ab * bp).sum(-1), (ac * bp).sum(-1)
    cp = p - c
    d5, d6 = (ab * cp).sum(-1), (ac * cp).sum(-1)
    va = d3 * d6 - d5 * d4
    vb = d5 * d2 - d1 * d6
    vc = d1 * d4 - d3 * d2
    denom = va + vb + vc
    denom = np.where(np.abs(denom) > 1e-30, denom, 1e-30)
    v = vb / denom
    w = vc / denom
    out = a + ab * v[..., None] + ac * w[..., None]  # inside the face
    # edges and vertices, in the order of the regions' tests
    edge_bc = (va <= 0) & (d4 - d3 >= 0) & (d5 - d6 >= 0)
    t_bc = (d4 - d3) / np.where((d4 - d3) + (d5 - d6) != 0, (d4 - d3) + (d5 - d6), 1.0)
    out = np.where(edge_bc[..., None], b + (c - b) * t_bc[..., None], out)
    edge_ac = (vb <= 0) & (d2 >= 0) & (d6 <= 0)
    t_ac = d2 / np.where(d2 - d6 != 0, d2 - d6, 1.0)
    out = np.where(edge_ac[..., None], a + ac * t_ac[..., None], out)
    edge_ab = (vc <= 0) & (d1 >= 0) & (d3 <= 0)
    t_ab = d1 / np.where(d1 - d3 != 0, d1 - d3, 1.0)
    out = np.where(edge_ab[..., None], a + ab * t_ab[..., None], out)
    out = np.where(((d6 >= 0) & (d5 <= d6))[..., None], np.broadcast_to(c, out.shape), out)
    out = np.where(((d3 >= 0) & (d4 <= d3))[..., None], np.broadcast_to(b, out.shape), out)
    out = np.where(((d1 <= 0) & (d2 <= 0))[..., None], np.broadcast_to(a, out.shape), out)
    return out


def closest_points(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The closest point on the mesh to each point, and the unit normal of the face it lies on.

    Parameters
    ----------
    points : ndarray, shape (n, 3)
        Query points.
    vertices : ndarray, shape (v, 3)
        Mesh vertices, same frame.
    faces : ndarray, shape (m, 3)
        Counter-clockwise seen from outside (the face normal points out).

    Returns
    -------
    closest : ndarray, shape (n, 3)
    normal : ndarray, shape (n, 3)

    """
    a, b, c = (vertices[faces[:, i]][None] for i in range(3))
    face_normal = np.cross(b[0] - a[0], c[0] - a[0])
    face_normal /= np.maximum(np.linalg.norm(face_normal, axis=1, keepdims=True), 1e-30)
    closest = np.empty_like(points)
    normal = np.empty_like(points)
    for start in range(0, len(points), CHUNK):
        p = points[start:start + CHUNK, None, :]
        q = _closest_on_triangles(p, a, b, c)
        best = np.argmin(((q - p) ** 2).sum(-1), axis=1)
        rows = np.arange(len(best))
        closest[start:start + CHUNK] = q[rows, best]
        normal[start:start + CHUNK] = face_normal[best]
    return closest, normal


def winding_numbers(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Generalized winding number of the mesh at each point (about 1 inside, 0 outside)."""
    a, b, c = (vertices[faces[:, i]][None] for i in range(3))
    out = np.empty(len(points))
    for start in range(0, len(points), CHUNK):
        p = points[start:start + CHUNK, None, :]
        ra, rb, rc = a - p, b - p, c - p
        la, lb, lc = (np.linalg.norm(r, axis=-1) for r in (ra, rb, rc))
        det = np.einsum("nmi,nmi->nm", ra, np.cross(rb, rc))
        div = (la * lb * lc + np.einsum("nmi,nmi->nm", ra, rb) * lc + np.einsum("nmi,nmi->nm", rb, rc) * la
               + np.einsum("nmi,nmi->nm", rc, ra) * lb)
        out[start:start + CHUNK] = (2.0 * np.arctan2(det, div)).sum(axis=1) / (4.0 * np.pi)
    return out


def ray_distances(origins: np.ndarray, directions: np.ndarray, vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Distance along each ray to the first triangle it crosses (Moller & Trumbore 1997), ``inf`` if none.

    Parameters
    ----------
    origins : ndarray, shape (n, 3)
        Ray starts.
    directions : ndarray, shape (n, 3)
        Unit directions.
    vertices : ndarray, shape (v, 3)
        Mesh vertices, same frame.
    faces : ndarray, shape (m, 3)
        Triangles (either winding).

    """
    a, b, c = (vertices[faces[:, i]][None] for i in range(3))
    e1, e2 = b - a, c - a
    out = np.full(len(origins), np.inf)
    for start in range(0, len(origins), CHUNK):
        o = origins[start:start + CHUNK, None, :]
        d = np.broadcast_to(directions[start:start + CHUNK, None, :], (len(o), e1.shape[1], 3))
        p = np.cross(d, e2)
        det = (e1 * p).sum(-1)
        ok = np.abs(det) > 1e-12
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        t_vec = o - a
        u = (t_vec * p).sum(-1) * inv
        q = np.cross(t_vec, e1)
        v = (d * q).sum(-1) * inv
        t = (e2 * q).sum(-1) * inv
        hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0)
        out[start:start + CHUNK] = np.where(hit, t, np.inf).min(axis=1)
    return out
