// The selected part's name in a chip over the top-left of the canvas (.gs-chip), e.g.
// "Gluteus medius, anterior fibres (right)", with a × button that clears the selection through
// the view's onSelect("") hook. Hidden while nothing is selected. Plain DOM.

export class Chip {
  /**
   * @param {HTMLElement} stage the canvas container (gets the chip)
   * @param {{onClear: () => void}} hooks
   */
  constructor(stage, hooks) {
    this.el = document.createElement("div");
    this.el.className = "gs-chip";
    this.el.hidden = true;
    this.label = document.createElement("span");
    this.label.className = "gs-chip-name";
    this.clear = document.createElement("button");
    this.clear.type = "button";
    this.clear.className = "gs-chip-clear";
    this.clear.textContent = "\u00D7";
    this.clear.title = "Clear the selection";
    this.clear.setAttribute("aria-label", "Clear the selection");
    this.clear.addEventListener("click", () => hooks.onClear());
    this.el.append(this.label, this.clear);
    stage.appendChild(this.el);
    this.id = "";
  }

  /**
   * Show part `id` by its name (or hide the chip for "").
   * @param {string} id selected part id
   * @param {Map<string, string>|null} names part id -> name (assets index parts[].name), null before the assets
   */
  set(id, names) {
    this.id = id || "";
    const name = this.id ? (names && names.get(this.id)) || this.id : "";
    if (this.label.textContent !== name) this.label.textContent = name;
    this.el.title = name;
    this.el.hidden = !this.id;
  }
}
