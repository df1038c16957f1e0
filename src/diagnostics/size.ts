/** Human byte sizes: "512 B", "64 KiB", "1.5 MiB". */

export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes} B`;
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[unit]}`;
}

/**
 * A size limit stated in plain text, such as a close reason "max payload 65536" or
 * "message exceeds 64KB limit". Returns bytes, or null when the text states no limit.
 */
export function statedLimit(text: string): number | null {
  if (!/max|limit|too (?:big|large|long)|exceed|payload|size|allowed/i.test(text)) return null;
  // A number without a byte unit is a size only in a text about sizes ("max payload 65536"), and
  // never when a unit of something else follows ("100 messages per minute", "300 seconds").
  const aboutSize = /payload|size|bytes|frame|too (?:big|large|long)/i.test(text);
  const re = /(\d[\d,_]*(?:\.\d+)?)\s*(bytes?|b|kib|kb|k|mib|mb|m)?(?![a-z])(?!\s*(?:\/|per\b|s\b|secs?\b|seconds?|ms\b|min(?:ute)?s?\b|h(?:ou)?rs?\b|days?\b|messages?|msgs?\b|requests?|reqs?\b|connections?|conns?\b|clients?|users?|sessions?|subscriptions?|times\b|attempts?|retries|channels?|rooms?|topics?))/gi;
  let best: number | null = null;
  for (const m of text.matchAll(re)) {
    const n = Number((m[1] ?? '').replace(/[,_]/g, ''));
    if (!Number.isFinite(n)) continue;
    const unit = (m[2] ?? '').toLowerCase();
    if (unit === '' && !aboutSize) continue;
    // "64KB" may mean 64,000 or 65,536 bytes: take the larger, so a frame is only called
    // "above the limit" when it is above either reading.
    const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
    const bytes = n * factor;
    if (bytes < 16) continue;
    if (best === null || bytes < best) best = bytes;
  }
  return best;
}
