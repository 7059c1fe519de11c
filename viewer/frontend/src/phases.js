// Where a jump to a phase lands (the phase strip, its ◀ ▶ buttons and the [ ] keys): the phase's
// first key frame, so the sentence under the view (one per key frame, viewer/anatomy/narration.py)
// names the phase the strip highlights. A phase that starts between two key frames (running's
// midstance at frame 8.32 of 64) would otherwise land on a fractional frame whose nearest key
// frame, and so its sentence, still belongs to the phase before.

const EPS = 1e-6; // a key frame this close to a phase's start belongs to the phase (rounding)

/**
 * The frame a jump to the phase starting at `start` goes to.
 * @param {number} start the phase's start (0..1 of the cycle)
 * @param {number} frames the motion's number of key frames
 * @param {number} phase0 the phase of key frame 0 (0..1)
 * @returns {number} the first key frame at or after the start (a whole number, 0..frames-1); the
 *   start itself, clamped to the last frame, when no key frame follows it before the motion ends
 */
export function phaseStartFrame(start, frames, phase0 = 0) {
  const f = ((((start - phase0) % 1) + 1) % 1) * frames;
  const first = Math.ceil(f - EPS * frames);
  return first <= frames - 1 ? Math.max(first, 0) : Math.min(f, frames - 1);
}
