// Keyboard (CONTRACT.md "Words and keyboard"), one listener on the document for every view of
// the page; only the most recently rendered view that is still in the page reacts:
//   space            play / pause
//   ArrowLeft/Right  previous / next key frame (pauses and commits the frame)
//   [ / ]            previous / next phase start (or quarter of a sweep)
// Keys typed in a text field, select, slider or contenteditable are theirs; space on a button,
// checkbox or similar control is left to that control (it activates it once).

const views = []; // {view, layout} in render order
let installed = false;

const TEXT_ROLES = new Set(["textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "menu", "menuitem",
  "option", "radiogroup", "tablist", "grid", "tree"]);
const PRESS_ROLES = new Set(["button", "checkbox", "switch", "radio", "tab", "link", "menuitemcheckbox"]);
const PRESS_INPUTS = new Set(["button", "submit", "reset", "checkbox", "radio", "image", "file", "color"]);

/**
 * Whether `target` (the real target, composedPath()[0]) keeps key `key` for itself.
 * @param {EventTarget} target
 * @param {string} key KeyboardEvent.key
 */
export function ownsKey(target, key) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  const role = (target.getAttribute("role") || "").toLowerCase();
  if (TEXT_ROLES.has(role)) return true;
  if (tag === "INPUT") return !PRESS_INPUTS.has((target.type || "").toLowerCase()) || key === " ";
  if (key === " ") return tag === "BUTTON" || tag === "SUMMARY" || tag === "A" || PRESS_ROLES.has(role);
  return false;
}

function onKeyDown(e) {
  if (e.defaultPrevented || e.isComposing) return;
  if (e.metaKey || ((e.ctrlKey || e.altKey) && !e.getModifierState("AltGraph"))) return;
  const key = e.key;
  if (key !== " " && key !== "ArrowLeft" && key !== "ArrowRight" && key !== "[" && key !== "]") return;
  const path = e.composedPath();
  if (ownsKey(path[0], key)) return;
  let entry = null;
  for (let i = views.length - 1; i >= 0 && entry === null; i--) if (views[i].layout.isConnected) entry = views[i];
  if (entry === null) return;
  const view = entry.view;
  if (!view.motion) return;
  e.preventDefault(); // no page scroll on space, no caret moves
  if (key === " ") {
    if (!e.repeat) view.togglePlay();
  } else if (key === "ArrowLeft" || key === "ArrowRight") {
    view.stepFrame(key === "ArrowRight" ? 1 : -1);
  } else {
    view.stepSection(key === "]" ? 1 : -1);
  }
}

/**
 * Let `view` take the page's keys (the last one bound wins while it is in the page).
 * @param {{layout: HTMLElement, motion: object|null, togglePlay: Function, stepFrame: Function,
 *   stepSection: Function}} view
 * @returns {() => void} unbind
 */
export function bindKeys(view) {
  if (!installed) {
    document.addEventListener("keydown", onKeyDown);
    installed = true;
  }
  const entry = { view, layout: view.layout };
  views.push(entry);
  return () => {
    const i = views.indexOf(entry);
    if (i >= 0) views.splice(i, 1);
  };
}
