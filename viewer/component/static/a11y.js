// Accessibility (viewer/component/a11y.py): names, states and landmarks that Bokeh's widgets
// do not give screen readers. Plain ESM, no imports and no build step. The component draws
// nothing; it watches the page (the document and every open shadow root Bokeh creates; changes
// inside the 3D view, which names its own controls, are ignored) and, whenever widgets appear or change:
// - gives each element whose CSS class is a key of `model.marks` its [role, name];
// - marks every button of a button group with aria-pressed (Bokeh shows the state only as a class);
// - makes Bokeh's tab headers a tablist of tabs, the open one aria-selected;
// - names every slider handle (role="slider") after its slider's title, without the value.
const SKIP = ".glute-scene";

function apply(model, root, roots) {
  for (const [cls, [role, name]] of Object.entries(model.marks || {})) {
    for (const e of root.querySelectorAll(`.${cls}`)) {
      if (role && e.getAttribute("role") !== role) e.setAttribute("role", role);
      if (name && e.getAttribute("aria-label") !== name) e.setAttribute("aria-label", name);
    }
  }
  for (const b of root.querySelectorAll(".bk-btn-group > button, .bk-btn-group > .bk-btn")) {
    const pressed = b.classList.contains("bk-active") ? "true" : "false";
    if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
  }
  for (const t of root.querySelectorAll(".bk-tab")) {
    if (t.parentElement && t.parentElement.getAttribute("role") !== "tablist") t.parentElement.setAttribute("role", "tablist");
    if (t.getAttribute("role") !== "tab") t.setAttribute("role", "tab");
    const selected = t.classList.contains("bk-active") ? "true" : "false";
    if (t.getAttribute("aria-selected") !== selected) t.setAttribute("aria-selected", selected);
  }
  for (const h of root.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby])')) {
    const title = root.querySelector(".bk-slider-title");
    const text = title ? title.textContent.replace(/:\s*[^:]*$/, "").trim() : "";
    if (text) h.setAttribute("aria-label", text);
  }
  for (const e of root.querySelectorAll("*")) {
    if (e.shadowRoot) roots.push(e.shadowRoot);
  }
}

export function render({ model }) {
  const watched = new WeakSet();
  let pending = false;
  const outside = (m) => {
    const e = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    return !e || !e.closest(SKIP);
  };
  // the 3D view's bar rewrites its text while playing: its changes are not ours to follow
  const observer = new MutationObserver((list) => { if (list.some(outside)) schedule(); });
  function sweep() {
    pending = false;
    const roots = [document];
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i];
      if (!watched.has(root)) {
        watched.add(root);
        observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
      }
      apply(model, root, roots);
    }
  }
  function schedule() {
    if (!pending) {
      pending = true;
      setTimeout(sweep, 50);
    }
  }
  model.on("marks", schedule);
  schedule();
}
