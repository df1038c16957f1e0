/**
 * "Copy as" for a connection: websocat and wscat commands, the connection as JSON, a frame's
 * payload. Pure: no DOM, no clipboard (see io.ts copyText). Secrets are redacted with the session
 * redactor unless asked for; every argument is shell-quoted so that no URL, header or payload can
 * end the quoting (quotes, `$()`, backticks, newlines).
 */
import { redactSession } from '../session';
import type { Connection, Frame, Header } from '../shared/model';
import { createSession } from '../shared/model';

export interface CopyOptions {
  /** Keep credentials (tokens in the URL, Cookie, Authorization…). Off by default everywhere. */
  includeSecrets: boolean;
}

/** Characters that need no quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_\-.,:/@%+=]+$/;
/** Control characters and invisible or reordering ones (bidi overrides, zero-width, line separators). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const C_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', "'": "\\'" };

/**
 * One shell word for `s`, safe to paste into bash or zsh: as is when it has only safe characters,
 * else in single quotes (nothing is special inside them; a `'` is written `'\''`), or, when it has
 * control or invisible characters, in ANSI-C quotes `$'…'` with those characters escaped.
 */
export function shellQuote(s: string): string {
  if (SAFE_WORD.test(s)) return s;
  if (!NEEDS_ESCAPES.test(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (C_ESCAPES[ch] !== undefined) out += C_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (NEEDS_ESCAPES.test(ch)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** Request headers a WebSocket client sets itself (or that only describe the browser): not copied. */
const SKIPPED_HEADERS = new Set([
  'host',
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'content-length',
  'accept-encoding',
  'accept-language',
  'pragma',
  'cache-control',
]);

function keptHeader(h: Header): boolean {
  const name = h.name.toLowerCase();
  return !SKIPPED_HEADERS.has(name) && !name.startsWith(':') && !name.startsWith('sec-fetch-') && !name.startsWith('sec-ch-');
}

/** The connection with its secrets redacted (unless includeSecrets), without its frames. */
function shown(c: Connection, opts: CopyOptions): Connection {
  const bare: Connection = { ...c, frames: [] };
  if (opts.includeSecrets) return bare;
  const session = createSession();
  session.connections.push(bare);
  return redactSession(session).session.connections[0]!;
}

export interface ClientRequest {
  url: string;
  protocols: string[];
  headers: Header[];
}

/** What a command-line client needs to open the same connection: URL, subprotocols, headers. */
export function clientRequest(c: Connection, opts: CopyOptions): ClientRequest {
  const r = shown(c, opts);
  const headers = (r.handshake?.requestHeaders ?? []).filter(keptHeader);
  if (!headers.some((h) => h.name.toLowerCase() === 'origin') && c.frameUrl) {
    // Browsers always send Origin; without a handshake seen, the page's origin is the best guess.
    try {
      const origin = new URL(c.frameUrl).origin;
      if (origin !== 'null') headers.unshift({ name: 'Origin', value: origin });
    } catch {
      // not a URL: no Origin
    }
  }
  return { url: r.url, protocols: r.protocolsRequested.slice(), headers };
}

/** `websocat --protocol … -H 'Name: value' … 'ws://…'`. */
export function websocatCommand(c: Connection, opts: CopyOptions): string {
  const r = clientRequest(c, opts);
  const parts = ['websocat'];
  if (r.protocols.length > 0) parts.push('--protocol', shellQuote(r.protocols.join(', ')));
  for (const h of r.headers) parts.push('-H', shellQuote(`${h.name}: ${h.value}`));
  parts.push(shellQuote(r.url));
  return parts.join(' ');
}

/** `wscat -c 'ws://…' -s proto … -H 'Name: value' …`. */
export function wscatCommand(c: Connection, opts: CopyOptions): string {
  const r = clientRequest(c, opts);
  const parts = ['wscat', '-c', shellQuote(r.url)];
  for (const p of r.protocols) parts.push('-s', shellQuote(p));
  for (const h of r.headers) parts.push('-H', shellQuote(`${h.name}: ${h.value}`));
  return parts.join(' ');
}

/**
 * The connection as pretty JSON: everything the model knows but the frames (which can be
 * 100,000; Export session has them), with their count. Redacted unless includeSecrets.
 */
export function connectionJson(c: Connection, opts: CopyOptions): string {
  const r = shown(c, opts);
  const { frames: _frames, ...rest } = r;
  void _frames;
  return JSON.stringify({ ...rest, framesRetained: c.frames.length, redacted: !opts.includeSecrets }, null, 2);
}

/**
 * A frame's payload: text as is, binary as base64; redacted unless includeSecrets, as an export
 * would redact it (with its connection, so a token seen in its URL or headers is found in it too).
 */
export function payloadText(frame: Frame, c: Connection, opts: CopyOptions): string {
  if (opts.includeSecrets) return frame.data;
  const session = createSession();
  session.connections.push({ ...c, frames: [frame] });
  return redactSession(session).session.connections[0]!.frames[0]!.data;
}
