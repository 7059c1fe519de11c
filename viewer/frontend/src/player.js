// The playback clock: a fractional frame advanced by requestAnimationFrame time at
// `speed` x real time (one loop of n frames lasts duration_s at speed 1), looping or
// stopping at the end. It reports state changes (play/pause, end reached) through
// onState and never writes to the Panel model itself.

const MAX_STEP_MS = 100; // a hidden tab or a long stall does not jump the motion ahead

export class Player {
  /** @param {{onState?: (reason: string) => void}} hooks */
  constructor(hooks = {}) {
    this.hooks = hooks;
    this.frames = 0;
    this.duration = 1;
    this.frame = 0;
    this.playing = false;
    this.speed = 1;
    this.loop = true;
    this._last = -1;
  }

  /** New motion: n key frames, one loop lasting `durationS` seconds at speed 1. */
  setMotion(frames, durationS) {
    this.frames = frames;
    this.duration = durationS > 0 ? durationS : 1;
    this.frame = this.clamp(this.frame);
  }

  /** Largest reachable frame: with loop the last key frame blends back into the first. */
  get maxFrame() {
    return this.frames > 0 ? this.frames - 1 : 0;
  }

  clamp(frame) {
    const f = Number(frame);
    if (!Number.isFinite(f) || this.frames === 0) return 0;
    return Math.min(Math.max(f, 0), this.maxFrame);
  }

  play() {
    if (this.playing || this.frames < 2) return;
    if (!this.loop && this.frame >= this.maxFrame) this.frame = 0; // replay from the start
    this.playing = true;
    this._last = -1;
    if (this.hooks.onState) this.hooks.onState("play");
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    if (this.hooks.onState) this.hooks.onState("pause");
  }

  seek(frame) {
    this.frame = this.clamp(frame);
  }

  setSpeed(speed) {
    const s = Number(speed);
    this.speed = Number.isFinite(s) ? Math.min(Math.max(s, 0.25), 2) : 1;
  }

  /**
   * Advance to time `now` (ms, requestAnimationFrame clock).
   * @returns {boolean} whether the clock is still running
   */
  tick(now) {
    if (!this.playing) return false;
    if (this._last < 0) this._last = now;
    const dt = Math.min(Math.max(now - this._last, 0), MAX_STEP_MS);
    this._last = now;
    let f = this.frame + (dt / 1000) * this.speed * (this.frames / this.duration);
    if (this.loop) {
      f %= this.frames;
    } else if (f >= this.maxFrame) {
      this.frame = this.maxFrame;
      this.playing = false;
      if (this.hooks.onState) this.hooks.onState("end");
      return false;
    }
    this.frame = f;
    return true;
  }
}
