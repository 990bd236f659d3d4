// When an edited document is analysed. People type a key every 100–250 ms: each keystroke after such a gap is
// analysed at once, so its diagnostics come without a pause. Edits closer together than QUIET_MS to the last analysis
// they caused (key repeat, a paste followed by typing, a fast typist) are a burst: they wait until the edits pause for
// QUIET_MS, and at the latest MAX_DELAY_MS after the first edit that waits, so a long burst is still re-checked.

/** Edits this close to the last analysis an edit caused wait for a pause of this length. */
export const QUIET_MS = 60;
/** A burst of edits is analysed at least this often. */
export const MAX_DELAY_MS = 400;

/**
 * Milliseconds to wait before analysing a document just edited, at `now`: 0 when nothing waits for it
 * (`waitingSince` undefined) and its last analysis caused by an edit started QUIET_MS or more ago (`lastStarted`);
 * else until its edits pause, bounded by MAX_DELAY_MS after the first edit that waits.
 */
export function editDelay(now: number, waitingSince: number | undefined, lastStarted: number | undefined): number {
  if (waitingSince === undefined && (lastStarted === undefined || now - lastStarted >= QUIET_MS)) return 0;
  return pauseDelay(now, waitingSince ?? now);
}

/** Milliseconds until a document that waits since `waitingSince` is analysed: QUIET_MS, cut short by MAX_DELAY_MS. */
export function pauseDelay(now: number, waitingSince: number): number {
  return Math.max(0, Math.min(QUIET_MS, waitingSince + MAX_DELAY_MS - now));
}
