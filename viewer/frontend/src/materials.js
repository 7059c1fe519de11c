// Cheap materials: Lambert lighting (a sky/ground hemisphere plus a headlight fixed to the
// camera) evaluated per VERTEX, so the fragment shader only writes a colour.
// Bones and fibres are each ONE mesh whose items (bones, parts) are styled through small
// uniform arrays (styles.js). Measured in software WebGL (SwiftShader): a bone vertex shader
// that multiplied matrices per vertex and encoded sRGB with pow() cost about a fifth of the
// bones' time, so the per-body clip matrix and the lights in the body's frame are computed
// once per frame on the CPU (bones.js) and sRGB uses square roots. Per-fragment lighting
// (MeshLambertMaterial) cost about a fifth more and looks the same with smooth normals.
// fibreMaterial also expands each fibre into a camera-facing ribbon in the vertex shader.
import { Color, DoubleSide, FrontSide, ShaderMaterial, Vector3 } from "three";

// Same light as MeshLambertMaterial with a HemisphereLight(1.6) and a DirectionalLight(1.8).
const SKY = new Color(0xffffff).multiplyScalar(1.6 / Math.PI);
const GROUND = new Color(0x8a8478).multiplyScalar(1.6 / Math.PI);
const HEAD = 1.8 / Math.PI;
export const HEAD_DIR = new Vector3(0.3, 0.5, 1).normalize(); // camera space: from above right of the viewer
const VIEW_UP = new Vector3(0, 1, 0); // world up in camera space, set once per frame (prepareLights)

/** Per-frame light state that depends on the camera (call before rendering, e.g. Scene.onBeforeRender). */
export function prepareLights(camera) {
  VIEW_UP.set(0, 1, 0).transformDirection(camera.matrixWorldInverse);
}

// shade(up, head, ...): `up` and `head` are the cosines between the unit normal and the world's
// up direction and the headlight. sRGB encoding by three square roots (mean error 0.1/255,
// at most 1/255 above linear 0.02) instead of pow().
const LIGHT = /* glsl */ `
uniform vec3 uSky;
uniform vec3 uGround;
uniform float uHead;
uniform vec3 uHeadDir;
uniform vec3 uViewUp;
varying vec4 vColor;
vec3 shade(float up, float head, vec3 color, vec3 emissive) {
  vec3 light = mix(uGround, uSky, 0.5 + 0.5 * up) + uHead * max(head, 0.0);
  vec3 c = clamp(color * light + emissive, 0.0, 1.0);
  vec3 s1 = sqrt(c);
  vec3 s2 = sqrt(s1);
  return 0.585122381 * s1 + 0.783140355 * s2 - 0.368262736 * sqrt(s2);
}
vec3 shadeView(vec3 n, vec3 color, vec3 emissive) { // n: unit normal in view space
  return shade(dot(n, uViewUp), dot(n, uHeadDir), color, emissive);
}`;

// Per-item style (styles.js): an item is drawn by the pass matching its alpha (opaque or
// translucent); a hidden item, or one of the other pass, collapses outside the clip volume.
const ITEMS = /* glsl */ `
attribute float aItem;
uniform vec3 uItemColor[ITEMS];
uniform vec3 uItemEmissive[ITEMS];
uniform float uItemAlpha[ITEMS];
uniform float uPass;
bool skipItem(float a) { return a < 0.01 || ((a < 0.999) != (uPass > 0.5)); }
#define CULL { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); vColor = vec4(0.0); return; }`;

// Rigid bodies in one draw call. Per body, computed on the CPU once per frame (bones.js):
// uBodies[i] maps the body frame to clip space; uBodyUp[i] and uBodyHead[i] are the world's up
// and the headlight direction in the body frame, so the normal is used as it comes.
const BODY_VERTEX = /* glsl */ `
${LIGHT}
${ITEMS}
uniform mat4 uBodies[ITEMS];
uniform vec3 uBodyUp[ITEMS];
uniform vec3 uBodyHead[ITEMS];
void main() {
  int i = int(aItem + 0.5);
  float a = uItemAlpha[i];
  if (skipItem(a)) CULL
  vColor = vec4(shade(dot(normal, uBodyUp[i]), dot(normal, uBodyHead[i]), uItemColor[i], uItemEmissive[i]), a);
  gl_Position = uBodies[i] * vec4(position, 1.0);
}`;

// A ribbon has two vertices across (aSide -1, +1): position is the fibre point, aTangent its
// direction scaled by the mitre factor, aItem the part, aColor the fibre's own colour (used
// instead of the part's while uColorMode is 1, colours.js). Each vertex shades the ribbon's left
// edge, centre (facing the viewer) and right edge; the fragment blends them by its place
// across, so the flat ribbon is shaded like a round tube with two triangles per segment.
const FIBRE_VERTEX = /* glsl */ `
${LIGHT}
${ITEMS}
attribute vec3 aTangent;
attribute float aSide;
attribute vec3 aColor;
uniform float uRadius;
uniform float uColorMode;
uniform float uItemGlow[ITEMS];
varying vec3 vLeft;
varying vec3 vRight;
varying float vSide;
void main() {
  int i = int(aItem + 0.5);
  float a = uItemAlpha[i];
  vSide = aSide;
  if (skipItem(a)) { vLeft = vRight = vec3(0.0); CULL }
  vec4 mv = viewMatrix * vec4(position, 1.0);
  vec3 toEye = normalize(-mv.xyz);
  vec3 s = cross(mat3(viewMatrix) * aTangent, toEye);
  float len = length(s);
  s = len > 1e-9 ? s / len : vec3(1.0, 0.0, 0.0);
  mv.xyz += s * (aSide * uRadius * max(length(aTangent), 1.0));
  bool perFibre = uColorMode > 0.5;
  vec3 color = perFibre ? aColor : uItemColor[i];
  vec3 emissive = perFibre ? aColor * uItemGlow[i] : uItemEmissive[i];
  vLeft = shadeView(-s, color, emissive);
  vRight = shadeView(s, color, emissive);
  vColor = vec4(shadeView(toEye, color, emissive), a);
  gl_Position = projectionMatrix * mv;
}`;

const FIBRE_FRAGMENT = /* glsl */ `
varying vec4 vColor;
varying vec3 vLeft;
varying vec3 vRight;
varying float vSide;
void main() {
  vec3 edge = vSide < 0.0 ? vLeft : vRight;
  gl_FragColor = vec4(mix(vColor.rgb, edge, abs(vSide)), vColor.a);
}`;

// Solid muscles (volume.js): lit per vertex from the side facing the viewer, with the
// part's colour (uColorMode 0) or the per-vertex colour of the per-fibre modes (1), darkened
// along the grid rows that are fibres (aShade) so the fibre direction shows on the surface.
const MUSCLE_VERTEX = /* glsl */ `
${LIGHT}
${ITEMS}
attribute vec3 aColor;
attribute float aShade;
uniform float uColorMode;
uniform float uItemGlow[ITEMS];
uniform float uPositionRange;
void main() {
  int i = int(aItem + 0.5);
  float a = uItemAlpha[i];
  if (skipItem(a)) CULL
  vec4 mv = modelViewMatrix * vec4(position * uPositionRange, 1.0); // int16, normalized (volume.js)
  vec3 n = normalize(normalMatrix * normal);
  if (dot(n, -mv.xyz) < 0.0) n = -n;
  bool perFibre = uColorMode > 0.5;
  vec3 color = (perFibre ? aColor : uItemColor[i]) * aShade;
  vec3 emissive = perFibre ? aColor * uItemGlow[i] : uItemEmissive[i];
  vColor = vec4(shadeView(n, color, emissive), a);
  gl_Position = projectionMatrix * mv;
}`;

const FRAGMENT = /* glsl */ `
varying vec4 vColor;
void main() {
  gl_FragColor = vColor;
}`;

const LIGHT_UNIFORMS = {
  uSky: { value: SKY }, uGround: { value: GROUND }, uHead: { value: HEAD }, uHeadDir: { value: HEAD_DIR },
  uViewUp: { value: VIEW_UP },
};

function itemMaterial(styles, pass, vertexShader, fragmentShader, extra, options) {
  return new ShaderMaterial({
    defines: { ITEMS: styles.count },
    uniforms: { ...LIGHT_UNIFORMS, ...styles.uniforms(pass), ...extra },
    vertexShader,
    fragmentShader,
    transparent: pass === 1,
    depthWrite: pass === 0,
    ...options,
  });
}

/**
 * Material of one pass (0 opaque items, 1 translucent items) of rigid bodies in one mesh.
 * @param {import("./styles.js").ItemStyles} styles per-body colour, emissive and alpha
 * @param {number} pass 0 or 1
 * @param {{clip: Float32Array, up: Float32Array, head: Float32Array}} bodies per-body uniforms
 *   (B x 16 clip-from-body matrices, column-major; B x 3 up and headlight directions), read at every draw
 */
export function bodyMaterial(styles, pass, bodies) {
  const extra = { uBodies: { value: bodies.clip }, uBodyUp: { value: bodies.up }, uBodyHead: { value: bodies.head } };
  return itemMaterial(styles, pass, BODY_VERTEX, FRAGMENT, extra, { side: FrontSide });
}

/**
 * Material of one pass of the fibre ribbons (half-width `radius`, metres), shaded like tubes.
 * @param {import("./styles.js").ItemStyles} styles per-part colour, emissive and alpha
 * @param {number} pass 0 or 1
 * @param {number} radius
 * @param {object} extra more uniforms (uColorMode, uItemGlow), shared between the passes
 */
export function fibreMaterial(styles, pass, radius, extra = {}) {
  // each triangle faces the viewer anyway: no culling cost, no winding worries
  const uniforms = { uRadius: { value: radius }, uColorMode: { value: 0 }, uItemGlow: { value: new Float32Array(styles.count) },
    ...extra };
  return itemMaterial(styles, pass, FIBRE_VERTEX, FIBRE_FRAGMENT, uniforms, { side: DoubleSide });
}

/**
 * Material of one pass of the solid muscles (volume.js): per-part colour, emissive and alpha
 * (styles.js), per-vertex colours while uColorMode is 1 (uItemGlow: the highlight as a share of
 * them), lit from the side facing the viewer.
 * @param {import("./styles.js").ItemStyles} styles
 * @param {number} pass 0 opaque, 1 translucent
 * @param {object} extra uColorMode and uItemGlow, shared between the passes
 */
export function muscleMaterial(styles, pass, extra) {
  return itemMaterial(styles, pass, MUSCLE_VERTEX, FRAGMENT, extra, { side: DoubleSide });
}
