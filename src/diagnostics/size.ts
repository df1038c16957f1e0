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
  const re = /(\d[\d,_]*(?:\.\d+)?)\s*(bytes?|b|kib|kb|k|mib|mb|m)?(?![a-z])/gi;
  let best: number | null = null;
  for (const m of text.matchAll(re)) {
    const n = Number((m[1] ?? '').replace(/[,_]/g, ''));
    if (!Number.isFinite(n)) continue;
    const unit = (m[2] ?? '').toLowerCase();
    // "64KB" may mean 64,000 or 65,536 bytes: take the larger, so a frame is only called
    // "above the limit" when it is above either reading.
    const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
    const bytes = n * factor;
    if (bytes < 16) continue;
    if (best === null || bytes < best) best = bytes;
  }
  return best;
}
