// RichText (viewer/component/richtext.py): show `model.html`, HTML that Python rendered and
// sanitised (nh3 allow-list: no scripts, styles, event attributes or javascript: URLs).
// Plain ESM, no imports and no build step; served as a static file and cached by the browser.
const CSS = `
.rich-text { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  overflow-wrap: anywhere; }
.rich-text h1, .rich-text h2, .rich-text h3 { font-size: 1.15em; margin: 0.2em 0 0.5em; }
.rich-text p, .rich-text ul, .rich-text ol, .rich-text table { margin: 0 0 0.6em; }
.rich-text ul, .rich-text ol { padding-left: 1.3em; }
.rich-text table { border-collapse: collapse; }
.rich-text th, .rich-text td { border-bottom: 1px solid #dde0e5; padding: 2px 8px 2px 0; text-align: left;
  vertical-align: top; }
.rich-text a { color: #1f5fa8; }
.rich-text small { color: #555; }
.rich-text p.small-print { font-size: 0.85em; color: #555; }
.rich-text p.no-data { color: #5c4400; }
.rich-text > p.heading:only-child { font-weight: 600; margin: 0; }
.rich-text > p.title:only-child, .rich-text > h1.title:only-child { font-size: 20px; font-weight: 600; margin: 0; color: #fff; }
.rich-text > p.warning:only-child { margin: 0; padding: 8px 12px; border: 1px solid #e6c667;
  border-radius: 4px; background: #fff6d8; color: #5c4400; white-space: pre-line; }
`;

export function render({ model, el }) {
  const style = document.createElement("style");
  style.textContent = CSS;
  const box = document.createElement("div");
  box.className = "rich-text";
  const show = () => { box.innerHTML = model.html; };
  show();
  model.on("html", show);
  el.append(style, box);
}
