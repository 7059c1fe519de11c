// Fibre paths from bone matrices: sites fixed to bones, wraps over spheres and cylinders.
// The same computation as viewer/anatomy/fibre_paths.py and wrap_geometry.py (mujoco's
// mju_wrap plus the arc); tests/unit/test_wrap_js.py runs both on the same tables.
// A segment without a wrap gives one point (its start). A segment with a wrap gives `n` points:
// while the wrap is engaged its start site and n - 1 points evenly along the arc from the entry to
// the exit tangent point; while it is not, n points evenly along the straight segment. The last
// site closes the polyline.

const MINVAL = 1e-15;
const CYLINDER = 1;

/** Apply column-major matrix M (at offset m) to local point (x, y, z) -> out[o..o+2]. */
function apply(M, m, x, y, z, out, o) {
  out[o] = M[m] * x + M[m + 4] * y + M[m + 8] * z + M[m + 12];
  out[o + 1] = M[m + 1] * x + M[m + 5] * y + M[m + 9] * z + M[m + 13];
  out[o + 2] = M[m + 2] * x + M[m + 6] * y + M[m + 10] * z + M[m + 14];
}

function cross2(p1x, p1y, p2x, p2y, p3x, p3y, p4x, p4y) {
  // mujoco's is_intersect: do segments p1-p2 and p3-p4 cross?
  const det = (p4y - p3y) * (p2x - p1x) - (p4x - p3x) * (p2y - p1y);
  if (Math.abs(det) < MINVAL) return false;
  const a = ((p4x - p3x) * (p1y - p3y) - (p4y - p3y) * (p1x - p3x)) / det;
  const b = ((p2x - p1x) * (p1y - p3y) - (p2y - p1y) * (p1x - p3x)) / det;
  return a >= 0 && a <= 1 && b >= 0 && b <= 1;
}

export class FibrePaths {
  /**
   * @param {object} a decoded assets arrays (path_* and wrap_*)
   */
  constructor(a) {
    const [F, S] = a.path_site_bone.shape;
    this.F = F;
    this.S = S;
    this.siteBone = a.path_site_bone.data;
    this.siteLocal = a.path_site_local.data;
    this.segPoints = a.path_segment_points.data;
    this.segWrap = a.path_segment_wrap.data;
    this.wrapBone = a.wrap_bone.data;
    this.wrapCentre = a.wrap_centre.data;
    this.wrapRot = a.wrap_rotation.data; // (W, 3, 3) row-major, columns = local axes
    this.wrapRadius = a.wrap_radius.data;
    this.wrapKind = a.wrap_kind.data;
    this.wrapSide = a.wrap_side.data;
    this.wrapHasSide = a.wrap_has_side.data;
    let K = 1;
    for (let s = 0; s < S - 1; s++) K += this.segPoints[s];
    this.K = K;
    this._sites = new Float64Array(S * 3);
    this._w = new Float64Array(32);
  }

  /**
   * Write every fibre's K points into out (F*K*3) from bone matrices M (B*16, column-major).
   */
  draw(M, out) {
    const { F, S, K } = this;
    const sites = this._sites;
    for (let f = 0; f < F; f++) {
      for (let s = 0; s < S; s++) {
        const j = f * S + s;
        const l = j * 3;
        apply(M, this.siteBone[j] * 16, this.siteLocal[l], this.siteLocal[l + 1], this.siteLocal[l + 2], sites, s * 3);
      }
      let row = f * K * 3;
      for (let s = 0; s < S - 1; s++) {
        const count = this.segPoints[f * (S - 1) + s];
        if (count === 0) continue;
        const w = this.segWrap[f * (S - 1) + s];
        row = this._segment(M, sites, s, w, count, out, row);
      }
      out[row] = sites[(S - 1) * 3];
      out[row + 1] = sites[(S - 1) * 3 + 1];
      out[row + 2] = sites[(S - 1) * 3 + 2];
    }
  }

  _segment(M, sites, s, w, count, out, row) {
    const a0 = s * 3;
    const b0 = (s + 1) * 3;
    const ax = sites[a0], ay = sites[a0 + 1], az = sites[a0 + 2];
    const bx = sites[b0], by = sites[b0 + 1], bz = sites[b0 + 2];
    const W = w >= 0 ? this._wrap(M, w, ax, ay, az, bx, by, bz) : null;
    if (!W) {
      for (let j = 0; j < count; j++) {
        const t = j / count;
        out[row++] = ax + (bx - ax) * t;
        out[row++] = ay + (by - ay) * t;
        out[row++] = az + (bz - az) * t;
      }
      return row;
    }
    out[row++] = ax;
    out[row++] = ay;
    out[row++] = az;
    for (let j = 1; j < count; j++) {
      this._arc(W, (j - 1) / Math.max(count - 2, 1), out, row);
      row += 3;
    }
    return row;
  }

  /** World pose of wrap w: centre c[3] and rotation R[9] (row-major, columns = axes). */
  _pose(M, w) {
    const m = this.wrapBone[w] * 16;
    const c = new Float64Array(3);
    apply(M, m, this.wrapCentre[w * 3], this.wrapCentre[w * 3 + 1], this.wrapCentre[w * 3 + 2], c, 0);
    const R = new Float64Array(9);
    const L = this.wrapRot;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        // (Mrot @ L)[i][j]; Mrot[i][k] = M[m + k*4 + i]
        R[i * 3 + j] = M[m + i] * L[w * 9 + j] + M[m + 4 + i] * L[w * 9 + 3 + j] + M[m + 8 + i] * L[w * 9 + 6 + j];
      }
    }
    const side = new Float64Array(3);
    apply(M, m, this.wrapSide[w * 3], this.wrapSide[w * 3 + 1], this.wrapSide[w * 3 + 2], side, 0);
    return { c, R, side };
  }

  _wrap(M, w, ax, ay, az, bx, by, bz) {
    const { c, R, side } = this._pose(M, w);
    const r = this.wrapRadius[w];
    const cyl = this.wrapKind[w] === CYLINDER;
    const hasSide = this.wrapHasSide[w] === 1;
    const toLocal = (x, y, z) => {
      const dx = x - c[0], dy = y - c[1], dz = z - c[2];
      return [R[0] * dx + R[3] * dy + R[6] * dz, R[1] * dx + R[4] * dy + R[7] * dz, R[2] * dx + R[5] * dy + R[8] * dz];
    };
    const p0 = toLocal(ax, ay, az);
    const p1 = toLocal(bx, by, bz);
    const ps = toLocal(side[0], side[1], side[2]);
    if (Math.hypot(...p0) < MINVAL || Math.hypot(...p1) < MINVAL) return null;
    let e0, e1;
    if (cyl) {
      e0 = [1, 0, 0];
      e1 = [0, 1, 0];
    } else {
      const n0 = Math.hypot(...p0);
      e0 = [p0[0] / n0, p0[1] / n0, p0[2] / n0];
      let nx = p0[1] * p1[2] - p0[2] * p1[1];
      let ny = p0[2] * p1[0] - p0[0] * p1[2];
      let nz = p0[0] * p1[1] - p0[1] * p1[0];
      if (Math.hypot(nx, ny, nz) < MINVAL) {
        const alt = [1, 1, 1];
        const big = Math.abs(e0[1]) > Math.abs(e0[0]) && Math.abs(e0[1]) > Math.abs(e0[2]) ? 1
          : Math.abs(e0[2]) > Math.abs(e0[0]) && Math.abs(e0[2]) > Math.abs(e0[1]) ? 2 : 0;
        alt[big] = 0;
        nx = e0[1] * alt[2] - e0[2] * alt[1];
        ny = e0[2] * alt[0] - e0[0] * alt[2];
        nz = e0[0] * alt[1] - e0[1] * alt[0];
      }
      const nn = Math.hypot(nx, ny, nz);
      nx /= nn; ny /= nn; nz /= nn;
      let x = ny * e0[2] - nz * e0[1];
      let y = nz * e0[0] - nx * e0[2];
      let z = nx * e0[1] - ny * e0[0];
      const xn = Math.hypot(x, y, z);
      e1 = [x / xn, y / xn, z / xn];
    }
    const dot = (u, v) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    const d0x = dot(p0, e0), d0y = dot(p0, e1), d1x = dot(p1, e0), d1y = dot(p1, e1);
    let sx = dot(ps, e0), sy = dot(ps, e1);
    const sn = Math.hypot(sx, sy);
    if (sn > MINVAL) { sx = (sx / sn) * r; sy = (sy / sn) * r; }
    // wrap_circle
    const sq0 = d0x * d0x + d0y * d0y, sq1 = d1x * d1x + d1y * d1y, sqr = r * r;
    if (sq0 < sqr || sq1 < sqr || r < MINVAL) return null;
    const difx = d1x - d0x, dify = d1y - d0y;
    const dd = difx * difx + dify * dify;
    if (dd < MINVAL) return null;
    const a = Math.min(Math.max(-(difx * d0x + dify * d0y) / dd, 0), 1);
    const nearx = a * difx + d0x, neary = a * dify + d0y;
    if (nearx * nearx + neary * neary > sqr && (!hasSide || sx * nearx + sy * neary >= 0)) return null;
    const s0 = Math.sqrt(sq0 - sqr), s1 = Math.sqrt(sq1 - sqr);
    const sol = [];
    const good = [];
    for (const sgn of [1, -1]) {
      const t0x = (d0x * sqr + sgn * r * d0y * s0) / sq0;
      const t0y = (d0y * sqr - sgn * r * d0x * s0) / sq0;
      const t1x = (d1x * sqr - sgn * r * d1y * s1) / sq1;
      const t1y = (d1y * sqr + sgn * r * d1x * s1) / sq1;
      let g;
      if (hasSide) {
        const mx = t0x + t1x, my = t0y + t1y;
        const mn = Math.hypot(mx, my);
        g = mn < MINVAL ? 0 : (mx * sx + my * sy) / mn;
      } else {
        g = -((t0x - t1x) ** 2 + (t0y - t1y) ** 2);
      }
      if (cross2(d0x, d0y, t0x, t0y, d1x, d1y, t1x, t1y)) g = -10000;
      sol.push([t0x, t0y, t1x, t1y]);
      good.push(g);
    }
    const pick = good[0] > good[1] ? 0 : 1;
    const [t0x, t0y, t1x, t1y] = sol[pick];
    if (cross2(d0x, d0y, t0x, t0y, d1x, d1y, t1x, t1y)) return null;
    const n0 = Math.hypot(t0x, t0y), n1 = Math.hypot(t1x, t1y);
    let angle = Math.acos(Math.min(Math.max((t0x * t1x + t0y * t1y) / (n0 * n1), -1), 1));
    const cr = t0y * t1x - t0x * t1y;
    if ((cr > 0 && pick === 1) || (cr < 0 && pick === 0)) angle = 2 * Math.PI - angle;
    let arc = r * angle;
    const res0 = [e0[0] * t0x + e1[0] * t0y, e0[1] * t0x + e1[1] * t0y, e0[2] * t0x + e1[2] * t0y];
    const res1 = [e0[0] * t1x + e1[0] * t1y, e0[1] * t1x + e1[1] * t1y, e0[2] * t1x + e1[2] * t1y];
    let h0 = 0, h1 = 0;
    if (cyl) {
      const l0 = Math.hypot(p0[0] - res0[0], p0[1] - res0[1]);
      const l1 = Math.hypot(p1[0] - res1[0], p1[1] - res1[1]);
      const tot = Math.max(l0 + arc + l1, MINVAL);
      h0 = p0[2] + (p1[2] - p0[2]) * l0 / tot;
      h1 = p0[2] + (p1[2] - p0[2]) * (l0 + arc) / tot;
      res0[2] = h0;
      res1[2] = h1;
      arc = Math.hypot(arc, h1 - h0);
    }
    const toWorld = (v) => [
      R[0] * v[0] + R[1] * v[1] + R[2] * v[2] + c[0],
      R[3] * v[0] + R[4] * v[1] + R[5] * v[2] + c[1],
      R[6] * v[0] + R[7] * v[1] + R[8] * v[2] + c[2],
    ];
    const short = Math.atan2(t0x * t1y - t0y * t1x, t0x * t1x + t0y * t1y);
    let sweep = Math.abs(Math.abs(short) - angle) < 1e-9 ? short : short - Math.sign(short) * 2 * Math.PI;
    if (Math.abs(Math.abs(sweep) - angle) >= 1e-6) sweep = Math.sign(sweep) * angle;
    return {
      t0: toWorld(res0), t1: toWorld(res1), arc, e0, e1, theta0: Math.atan2(t0y, t0x), sweep, h0, h1, r, cyl, c, R, toWorld,
    };
  }

  _arc(W, frac, out, o) {
    const th = W.theta0 + W.sweep * frac;
    const cs = Math.cos(th) * W.r, sn = Math.sin(th) * W.r;
    const v = [W.e0[0] * cs + W.e1[0] * sn, W.e0[1] * cs + W.e1[1] * sn, W.e0[2] * cs + W.e1[2] * sn];
    if (W.cyl) v[2] = W.h0 + (W.h1 - W.h0) * frac;
    const p = W.toWorld(v);
    out[o] = p[0];
    out[o + 1] = p[1];
    out[o + 2] = p[2];
  }
}
