// The full-screen button beside the camera presets: the Fullscreen API on the component's layout
// root (.gs-root, with its canvas, buttons and bar); Escape (the browser's) leaves. A toggle named
// "Full screen" / "Exit full screen" with aria-pressed. Not shown where the page may not go full
// screen (an iframe without allowfullscreen, an iPhone).

const ENTER = "Full screen";
const EXIT = "Exit full screen";
const ICON = '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M1.5 5.5v-4h4M10.5 1.5h4v4'
  + 'M14.5 10.5v4h-4M5.5 14.5h-4v-4" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>';

/** The element in full screen in `node`'s document or shadow root (null when none). */
function fullscreenElementOf(node) {
  const scope = node.getRootNode();
  return scope.fullscreenElement ?? scope.webkitFullscreenElement ?? null;
}

export class FullscreenButton {
  /**
   * @param {HTMLElement} group where the button goes (the camera preset buttons)
   * @param {HTMLElement} target what goes full screen
   */
  constructor(group, target) {
    this.target = target;
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.className = "gs-btn gs-fullscreen";
    this.button.innerHTML = ICON; // four corners, drawn here: no icon font in every system
    const enabled = document.fullscreenEnabled ?? document.webkitFullscreenEnabled ?? false;
    this.button.hidden = !enabled || !(target.requestFullscreen || target.webkitRequestFullscreen);
    this.button.addEventListener("click", () => this.toggle());
    const sync = () => this._show();
    target.addEventListener("fullscreenchange", sync);
    target.addEventListener("webkitfullscreenchange", sync);
    // browsers leave on Escape themselves; this covers those that pass the key to the page instead
    target.addEventListener("keydown", (e) => { if (e.key === "Escape" && this.active) this.toggle(); });
    group.appendChild(this.button);
    this._show();
  }

  /** Whether the target is in full screen now. */
  get active() {
    return fullscreenElementOf(this.target) === this.target;
  }

  /** Enter or leave full screen. */
  toggle() {
    const t = this.target;
    if (this.active) {
      const left = (document.exitFullscreen || document.webkitExitFullscreen).call(document);
      if (left && left.catch) left.catch(() => this._show());
      return;
    }
    const request = t.requestFullscreen || t.webkitRequestFullscreen;
    const done = request.call(t);
    if (done && done.catch) done.catch(() => this._show()); // refused (no user gesture, policy)
  }

  _show() {
    const on = this.active;
    const name = on ? EXIT : ENTER;
    this.button.title = name;
    this.button.setAttribute("aria-label", name);
    this.button.setAttribute("aria-pressed", on ? "true" : "false");
    this.target.classList.toggle("gs-is-fullscreen", on);
  }
}
