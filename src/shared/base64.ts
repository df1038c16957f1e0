/**
 * The one base64 decoder of the extension's pure code (session files, diagnostics and the panel
 * all read base64 payloads). Over `atob`, which browsers, workers and Node 20 all have.
 */

/**
 * The bytes standard base64 encodes, at most `maxBytes` of them (only the base64 those need is
 * decoded, so a 64 KiB frame is not decoded whole for a 24-byte preview); null when it is not base64.
 */
export function base64Bytes(b64: string, maxBytes = Infinity): Uint8Array | null {
  const chars = Math.ceil(maxBytes / 3) * 4;
  let binary: string;
  try {
    binary = atob(b64.length > chars ? b64.slice(0, chars) : b64);
  } catch {
    return null;
  }
  const n = Math.min(binary.length, maxBytes);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = binary.charCodeAt(i);
  return out;
}
