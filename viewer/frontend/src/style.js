// The component's CSS, injected into its (shadow) root: system fonts only, nothing fetched.
// Touch-sized controls (44 px on phones and tablets and wherever the pointer is coarse); the bar
// wraps on narrow screens (phone in portrait), and the phase strip's names wrap rather than cut.
import { BACKGROUND } from "./vocab.js";

export const STYLE = `
.glute-scene { height: 100%; }
.gs-stage canvas { border-radius: 0; }
.gs-root { display: flex; flex-direction: column; width: 100%; height: 100%; min-height: 320px;
  box-sizing: border-box; font: 13px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; background: ${BACKGROUND}; user-select: none; -webkit-user-select: none; }
.gs-stage { position: relative; flex: 1 1 auto; min-height: 200px; overflow: hidden; container-type: inline-size; }
.gs-stage canvas { position: absolute; left: 0; top: 0; outline: none; }
.gs-stage canvas:focus-visible { outline: 2px solid #2f5f9e; outline-offset: -2px; }
.gs-views { position: absolute; top: 6px; right: 6px; display: flex; flex-wrap: wrap; gap: 4px;
  justify-content: flex-end; max-width: 70%; }
.gs-tooltip { position: absolute; pointer-events: none; padding: 3px 7px; border-radius: 4px;
  background: rgba(30, 30, 35, 0.88); color: #fff; font-size: 12px; white-space: nowrap; z-index: 2; }
.gs-bar { flex: 0 0 auto; display: flex; flex-direction: column; gap: 4px; padding: 6px 8px;
  background: #e9ebef; border-top: 1px solid #d3d6dc; }
.gs-row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.gs-row[hidden] { display: none; }
.gs-btn { min-width: 36px; min-height: 32px; padding: 2px 8px; border: 1px solid #b9bec7;
  border-radius: 6px; background: #fff; color: #222; font: inherit; cursor: pointer; }
.gs-btn:hover { background: #f0f3f8; }
.gs-views .gs-btn { min-height: 28px; background: rgba(255, 255, 255, 0.85); }
.gs-play { min-width: 44px; }
.gs-slider { flex: 1 1 160px; min-width: 120px; height: 28px; margin: 0; }
.gs-time { min-width: 52px; font-variant-numeric: tabular-nums; text-align: right; }
.gs-speed, .gs-color, .gs-axis { min-height: 32px; border-radius: 6px; border: 1px solid #b9bec7; background: #fff;
  font: inherit; }
.gs-axis[hidden] { display: none; }
.gs-legend { position: absolute; left: 6px; bottom: 6px; max-width: min(330px, calc(100% - 12px)); padding: 5px 8px;
  border-radius: 6px; background: rgba(255, 255, 255, 0.9); color: #222; font-size: 12px; line-height: 1.25;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15); z-index: 1; }
.gs-legend[hidden], .gs-legend [hidden] { display: none; }
.gs-legend-title { font-weight: 600; }
.gs-legend-bar { height: 10px; margin: 4px 0 2px; border-radius: 3px; border: 1px solid rgba(0, 0, 0, 0.15); }
.gs-legend-ends { display: flex; justify-content: space-between; gap: 6px; }
.gs-legend-scale, .gs-legend-source { color: #555; font-size: 10.5px; }
.gs-legend-source { margin-top: 2px; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 3;
  -webkit-box-orient: vertical; }
.gs-narration { flex: 0 0 auto; padding: 4px 10px; background: #fff; border-top: 1px solid #d3d6dc; color: #222;
  font-size: 13px; line-height: 1.35; box-sizing: border-box; }
.gs-narration[hidden] { display: none; }
.gs-narration .gs-kind { display: inline-block; margin-left: 6px; padding: 0 4px; border: 1px solid #8a9099;
  border-radius: 7px; background: #f3f4f6; color: #333; font: 600 9.5px/1.4 system-ui, sans-serif; vertical-align: 1px; }
.gs-narration .gs-kind[hidden] { display: none; }
@media (max-width: 560px) {
  .gs-views { max-width: calc(100% - 12px); gap: 3px; }
  .gs-views .gs-btn { min-width: 30px; padding: 2px 5px; font-size: 12px; }
  .gs-legend { font-size: 11px; padding: 4px 6px; }
  .gs-legend-source { -webkit-line-clamp: 1; }
  .gs-narration { font-size: 12px; padding: 3px 8px; }
}
.gs-live { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.gs-loop { display: inline-flex; align-items: center; gap: 3px; }
.gs-strip { display: flex; flex-wrap: wrap; flex: 1 1 240px; min-width: 0; gap: 2px; }
.gs-seg { flex-basis: 0; min-width: max-content; min-height: 30px; padding: 2px 5px; white-space: nowrap;
  border: 1px solid #c6cad2; border-radius: 4px; background: #f8f9fb; color: #444; font: 12px/1.2 inherit;
  cursor: pointer; }
.gs-seg.gs-current { background: #2f5f9e; border-color: #2f5f9e; color: #fff; font-weight: 600; }
.gs-chip { position: absolute; top: 6px; left: 6px; display: flex; align-items: center; gap: 2px;
  max-width: calc(100% - 12px); padding: 0 0 0 10px; border-radius: 16px; background: rgba(255, 255, 255, 0.92);
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.2); color: #222; font-weight: 600; z-index: 2; box-sizing: border-box; }
.gs-chip[hidden] { display: none; }
.gs-chip-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gs-chip-clear { flex: 0 0 auto; min-width: 32px; min-height: 32px; border: 0; border-radius: 16px;
  background: transparent; color: #333; font: 18px/1 inherit; cursor: pointer; }
.gs-chip-clear:hover { background: #e6e9ef; }
.gs-fullscreen { display: inline-flex; align-items: center; justify-content: center; }
.gs-fullscreen svg { width: 16px; height: 16px; }
.gs-fullscreen[hidden] { display: none; }
.gs-root:fullscreen { width: 100%; height: 100%; }
.gs-readout { display: flex; flex-wrap: wrap; column-gap: 18px; font-variant-numeric: tabular-nums; color: #333; }
.gs-readout span { white-space: pre; }
@media (max-width: 1179px), (pointer: coarse) {
  .gs-btn, .gs-views .gs-btn, .gs-seg, .gs-speed, .gs-color, .gs-axis, .gs-loop { min-height: 44px; }
  .gs-btn, .gs-views .gs-btn, .gs-chip-clear { min-width: 44px; }
  .gs-chip-clear { min-height: 44px; border-radius: 22px; }
  .gs-chip { border-radius: 22px; }
  .gs-loop { padding: 0 6px; cursor: pointer; }
  .gs-loop input { width: 18px; height: 18px; margin: 0; }
  .gs-slider { height: 44px; }
  .gs-seg { flex-basis: 44px; } /* and at least its name (min-width) */
}
@container (max-width: 860px) {
  .gs-chip { top: 56px; } /* under the view buttons */
}
@media (max-width: 600px) {
  .gs-chip { font-size: 12px; }
  .gs-strip { gap: 2px; }
  .gs-seg { padding: 2px 4px; font-size: 11px; }
}
@media (max-height: 500px) {
  .gs-readout { display: none; }
  .gs-bar { padding: 3px 6px; gap: 3px; }
  .gs-root { min-height: 0; }
  .gs-stage { min-height: 120px; }
  .gs-strip { flex-wrap: nowrap; overflow-x: auto; scrollbar-width: thin; } /* one line, scrolled */
  .gs-narration { font-size: 12px; padding: 2px 8px; }
}
`;
