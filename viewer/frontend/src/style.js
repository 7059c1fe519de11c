// The component's CSS, injected into its (shadow) root: system fonts only, nothing fetched.
// Touch-sized controls; the bar wraps on narrow screens (phone in portrait).
export const STYLE = `
.glute-scene { height: 100%; }
.gs-stage canvas { border-radius: 0; }
.gs-root { display: flex; flex-direction: column; width: 100%; height: 100%; min-height: 320px;
  box-sizing: border-box; font: 13px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; background: #f4f5f7; user-select: none; -webkit-user-select: none; }
.gs-stage { position: relative; flex: 1 1 auto; min-height: 200px; overflow: hidden; }
.gs-stage canvas { position: absolute; left: 0; top: 0; outline: none; }
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
.gs-speed { min-height: 32px; border-radius: 6px; border: 1px solid #b9bec7; background: #fff; font: inherit; }
.gs-loop { display: inline-flex; align-items: center; gap: 3px; }
.gs-strip { display: flex; flex: 1 1 240px; min-width: 200px; gap: 2px; }
.gs-seg { flex-basis: 0; min-width: 0; min-height: 30px; padding: 2px 3px; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; border: 1px solid #c6cad2; border-radius: 4px;
  background: #f8f9fb; color: #444; font: 12px/1.2 inherit; cursor: pointer; }
.gs-seg.gs-current { flex-shrink: 0; min-width: max-content; background: #2f5f9e; border-color: #2f5f9e;
  color: #fff; font-weight: 600; }
.gs-readout { display: flex; flex-wrap: wrap; column-gap: 18px; font-variant-numeric: tabular-nums; color: #333; }
.gs-readout span { white-space: pre; }
`;
