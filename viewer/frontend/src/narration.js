// Words for the current frame (CONTRACT.md "Words and keyboard"): `.gs-narration` shows the
// sentence of the key frame nearest the current one (refreshed with data-frame), and `.gs-live`,
// a visually hidden polite live region, receives it only when announce() is called (pause,
// frame step, end of a scrub, phase change while playing) so screen readers are not flooded.
// The sentence box is as tall as the motion's longest sentence at its width, so the canvas
// above it does not resize (and flicker) while the sentences change during playback. A badge
// after the sentence says what kind of claim it is (setKind): the lengths and directions are
// the model's; in running, "active" or "quiet" is the project's synthesis of EMG studies.

export class Narration {
  /**
   * @param {HTMLElement} layout the component layout
   * @param {HTMLElement} before the element the visible sentence goes before (the bar)
   */
  constructor(layout, before) {
    this.el = document.createElement("div");
    this.el.className = "gs-narration";
    this.el.hidden = true;
    this.badge = document.createElement("span");
    this.badge.className = "gs-kind";
    this.badge.hidden = true;
    this.text = document.createElement("span");
    this.text.className = "gs-sentence";
    this.el.append(this.text, this.badge);
    layout.insertBefore(this.el, before);
    this.live = document.createElement("div");
    this.live.className = "gs-live";
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("role", "status");
    layout.appendChild(this.live);
    this.sentences = [];
    this.frames = 0; // key frames of the motion shown (0: not known yet)
    this._shown = -1;
    this._width = 0;
    this._resize = new ResizeObserver(() => {
      const w = this.el.clientWidth;
      if (w !== this._width) {
        this._width = w;
        this._fit();
      }
    });
    this._resize.observe(this.el);
  }

  /** Fix the box's height to that of the longest sentence (one layout, on new sentences or width). */
  _fit() {
    if (this.el.hidden || this._width === 0) return;
    let longest = "";
    for (const s of this.sentences) if (s.length > longest.length) longest = s;
    const shown = this.text.textContent;
    this.el.style.minHeight = "";
    this.text.textContent = longest;
    const h = this.el.offsetHeight;
    this.text.textContent = shown;
    this.el.style.minHeight = `${h}px`;
  }

  /** The motion's number of key frames (the last one rounds up to frame 0 when looping). */
  setFrames(n) {
    this.frames = n;
    this._shown = -1;
  }

  _index(f) {
    const n = this.frames || this.sentences.length;
    if (this.sentences.length === 0 || n === 0 || !Number.isFinite(f)) return -1;
    const i = Math.round(Math.max(f, 0)) % n;
    return i < this.sentences.length ? i : -1;
  }

  /** Take the sentences of the current motion (one per key frame; may be empty). */
  setSentences(list) {
    this.sentences = Array.isArray(list) ? list.map((s) => String(s)) : [];
    this.el.hidden = this.sentences.length === 0;
    this._shown = -1;
    this._width = this.el.clientWidth;
    this._fit();
  }

  /** The sentence of fractional frame `f` ("" when there is none). */
  sentenceAt(f) {
    const i = this._index(f);
    return i < 0 ? "" : this.sentences[i];
  }

  /** Show the sentence of frame `f`; rewrites the text only when the key frame changed. */
  show(f) {
    const i = this._index(f);
    if (i === this._shown) return;
    this._shown = i;
    this.text.textContent = i < 0 ? "" : this.sentences[i];
  }

  /**
   * The kind badge before the sentences ("" hides it) and its tooltip (what the kind rests on).
   * @param {string} kind e.g. "model" or "model + synthesis"
   * @param {string} basis
   */
  setKind(kind, basis) {
    this.badge.hidden = !kind;
    this.badge.textContent = kind;
    this.badge.title = basis;
    this.badge.setAttribute("aria-label", kind ? `${kind}: ${basis}` : "");
  }

  /** Hand the sentence of frame `f` to the live region. */
  announce(f) {
    const text = this.sentenceAt(f);
    if (text && this.live.textContent !== text) this.live.textContent = text;
  }

  dispose() {
    this._resize.disconnect();
  }
}
