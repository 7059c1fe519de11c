// Cheap materials: Lambert lighting (a sky/ground hemisphere plus a headlight fixed to the
// camera) evaluated per VERTEX, so the fragment shader only writes a colour.
// Measured in software WebGL (SwiftShader, 900x700): the frame cost is fill- and
// triangle-bound, and per-fragment lighting (MeshLambertMaterial) cost about a fifth more.
// With smooth normals on ~10k-triangle bones the per-vertex result looks the same.
// FibreMaterial also expands each fibre into a camera-facing ribbon in the vertex shader.
import { Color, DoubleSide, FrontSide, ShaderMaterial, Vector3 } from "three";

// Same light as MeshLambertMaterial with a HemisphereLight(1.6) and a DirectionalLight(1.8).
const SKY = new Color(0xffffff).multiplyScalar(1.6 / Math.PI);
const GROUND = new Color(0x8a8478).multiplyScalar(1.6 / Math.PI);
const HEAD = 1.8 / Math.PI;
const HEAD_DIR = new Vector3(0.3, 0.5, 1).normalize(); // camera space: from above right of the viewer

const LIGHT = /* glsl */ `
uniform vec3 uColor;
uniform vec3 uEmissive;
uniform vec3 uSky;
uniform vec3 uGround;
uniform vec3 uHeadDir;
uniform float uHead;
varying vec3 vColor;
vec3 shade(vec3 n) { // n: unit normal in view space -> sRGB colour
  vec3 up = normalize((viewMatrix * vec4(0.0, 1.0, 0.0, 0.0)).xyz);
  vec3 light = mix(uGround, uSky, 0.5 + 0.5 * dot(n, up)) + uHead * max(dot(n, uHeadDir), 0.0);
  vec3 c = clamp(uColor * light + uEmissive, 0.0, 1.0);
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}`;

const MESH_VERTEX = /* glsl */ `
${LIGHT}
uniform float uTwoSided;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vec3 n = normalize(normalMatrix * normal);
  if (uTwoSided > 0.5 && dot(n, -mv.xyz) < 0.0) n = -n; // light the side facing the viewer
  vColor = shade(n);
  gl_Position = projectionMatrix * mv;
}`;

// position: the fibre point; aTangent: its direction scaled by the mitre factor;
// aSide: -1, 0, +1 across the ribbon. The normal turns from the viewer (centre) to the
// ribbon's edge direction (sides), so a flat ribbon is shaded like a round tube.
const FIBRE_VERTEX = /* glsl */ `
${LIGHT}
attribute vec3 aTangent;
attribute float aSide;
uniform float uRadius;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vec3 toEye = normalize(-mv.xyz);
  vec3 t = mat3(modelViewMatrix) * aTangent;
  vec3 s = cross(t, toEye);
  float len = length(s);
  s = len > 1e-9 ? s / len : vec3(1.0, 0.0, 0.0);
  mv.xyz += s * (aSide * uRadius * max(length(aTangent), 1.0));
  vColor = shade(normalize(s * aSide + toEye * (1.0 - abs(aSide)) * 1.2));
  gl_Position = projectionMatrix * mv;
}`;

const FRAGMENT = /* glsl */ `
uniform float uOpacity;
varying vec3 vColor;
void main() {
  gl_FragColor = vec4(vColor, uOpacity);
}`;

function uniforms(color, opacity, extra) {
  return {
    uColor: { value: new Color(color) },
    uEmissive: { value: new Color(0, 0, 0) },
    uOpacity: { value: opacity },
    uSky: { value: SKY },
    uGround: { value: GROUND },
    uHead: { value: HEAD },
    uHeadDir: { value: HEAD_DIR },
    ...extra,
  };
}

/** Give a ShaderMaterial `color`, `emissive` (Color) and `opacity` like the built-in materials. */
function exposeUniforms(material) {
  material.color = material.uniforms.uColor.value;
  material.emissive = material.uniforms.uEmissive.value;
  const u = material.uniforms.uOpacity;
  Object.defineProperty(material, "opacity", {
    get: () => u.value,
    set: (v) => { u.value = v; },
    configurable: true,
    enumerable: true,
  });
}

/** Vertex-lit material for meshes with normals (bones, bellies). */
export class VertexLitMaterial extends ShaderMaterial {
  /**
   * @param {{color: Color|string|number, opacity?: number, side?: number, transparent?: boolean,
   *   depthWrite?: boolean, twoSided?: boolean}} options
   */
  constructor({ color, opacity = 1, side = FrontSide, transparent = false, depthWrite = true, twoSided = false }) {
    super({
      uniforms: uniforms(color, opacity, { uTwoSided: { value: twoSided ? 1 : 0 } }),
      vertexShader: MESH_VERTEX,
      fragmentShader: FRAGMENT,
      side,
      transparent,
      depthWrite,
    });
    exposeUniforms(this);
  }
}

/** Camera-facing ribbon of half-width `radius` (metres), shaded like a tube. */
export class FibreMaterial extends ShaderMaterial {
  /** @param {{color: Color|string|number, radius: number}} options */
  constructor({ color, radius }) {
    super({
      uniforms: uniforms(color, 1, { uRadius: { value: radius } }),
      vertexShader: FIBRE_VERTEX,
      fragmentShader: FRAGMENT,
      side: DoubleSide, // each triangle faces the viewer anyway: no culling cost, no winding worries
    });
    exposeUniforms(this);
  }
}
