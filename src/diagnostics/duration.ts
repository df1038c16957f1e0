/** Human durations: "450 ms", "2.5 s", "3 min 12 s", "2 h 5 min", "1 d 3 h". */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Formats a duration; negative durations are formatted by their magnitude (say "before" or "after" around it). */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  const abs = Math.abs(ms);
  if (abs < SECOND) return `${Math.round(abs)} ms`;
  if (abs < 10 * SECOND) {
    const s = Math.round(abs / 100) / 10;
    if (s < 10) return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(1)} s`;
  }
  const totalSeconds = Math.round(abs / SECOND);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  if (abs < HOUR - 30 * SECOND) {
    const min = Math.floor(totalSeconds / 60);
    const s = totalSeconds % 60;
    return s === 0 ? `${min} min` : `${min} min ${s} s`;
  }
  const totalMinutes = Math.round(abs / MINUTE);
  if (totalMinutes < 24 * 60) {
    const h = Math.floor(totalMinutes / 60);
    const min = totalMinutes % 60;
    return min === 0 ? `${h} h` : `${h} h ${min} min`;
  }
  const totalHours = Math.round(abs / HOUR);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}
