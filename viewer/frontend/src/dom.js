// Small DOM helpers shared by the overlays (legend, orientation marker, landmark labels).

/**
 * Create an element, give it a class and text, and append it to `parent`.
 * @param {string} tag
 * @param {string} className "" for none
 * @param {Element} parent
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, parent, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}
