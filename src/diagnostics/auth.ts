/**
 * Credential findings for the connections of one endpoint: JWTs expired, not yet valid,
 * expiring or malformed; refusals with no credential; credentials over plain ws://.
 * The same token reused by several connections gives one finding listing them all.
 */
import type { Connection } from '../shared/model';
import type { Credential } from './credentials';
import { whereFound } from './credentials';
import { humanDuration } from './duration';
import { describeCredentials } from './handshake';
import { header } from './headers';
import type { JwtInfo } from './jwt';
import { finding, plural, sentences } from './make';
import { authRejected, authRejection, endedAt, isLoopbackHost, stayedOpen } from './outcome';
import type { Finding, FrameRef } from './types';

/** Clock skew allowed between this machine and the token issuer or server. */
export const CLOCK_SKEW_MS = 60_000;
/** A token expiring this soon after connecting is flagged. */
export const EXPIRING_WINDOW_MS = 5 * 60_000;

/** A time claim as an ISO date; a claim beyond what a Date holds (±8.64e15 ms) is said to be, never thrown on. */
const iso = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms / 1000} s after 1970 (no date can be that far)` : d.toISOString().replace('.000Z', 'Z');
};

/** A time claim in seconds that would be after the year 5000 was almost certainly written in milliseconds. */
const MILLISECONDS_CLAIM = 1e11;

function millisecondsHint(claim: string, value: number | undefined): string | false {
  return (
    value !== undefined &&
    value > MILLISECONDS_CLAIM &&
    `Its ${claim} (${value}) looks like milliseconds: JWT time claims are seconds since 1970 (RFC 7519 NumericDate), so the issuer likely wrote Date.now() instead of Date.now() / 1000.`
  );
}

interface TokenUse {
  jwt: JwtInfo;
  value: string;
  where: string;
  frames: FrameRef[];
}

/** The distinct JWTs of a connection (the same token in two places counts once). */
function tokens(c: Connection, creds: Credential[]): TokenUse[] {
  const byValue = new Map<string, TokenUse>();
  for (const cred of creds) {
    if (!cred.jwt) continue;
    const key = cred.value.replace(/^\s*(?:bearer|jwt|token)\s+/i, '');
    let use = byValue.get(key);
    if (!use) {
      use = { jwt: cred.jwt, value: key, where: whereFound(cred), frames: [] };
      byValue.set(key, use);
    } else if (!use.where.includes(whereFound(cred))) {
      use.where += ` and ${whereFound(cred)}`;
    }
    if (cred.frameIndex !== undefined) use.frames.push({ connectionId: c.id, index: cred.frameIndex });
  }
  return [...byValue.values()];
}

function outcome(c: Connection): string | false {
  if (authRejected(c)) return `The server refused the connection (${authRejection(c)}): this is the likely reason.`;
  if (stayedOpen(c)) return 'The server accepted the connection anyway: it may not check the token\'s time claims, or may check them later.';
  return false;
}

function lifetime(jwt: JwtInfo): string | false {
  if (jwt.iat === undefined || jwt.exp === undefined || jwt.exp <= jwt.iat) return false;
  return `It was valid for ${humanDuration((jwt.exp - jwt.iat) * 1000)} after being issued at ${iso(jwt.iat * 1000)}.`;
}

function verdicts(c: Connection, use: TokenUse, now: number): Finding[] {
  const out: Finding[] = [];
  const { jwt, where, frames } = use;
  const t0 = c.createdAt;
  if (jwt.malformed !== undefined) {
    out.push(
      finding({
        id: 'jwt-malformed',
        severity: 'warning',
        title: 'Malformed JWT',
        short: `the token in ${where} does not decode`,
        detail: sentences(
          `The value in ${where} looks like a JWT but does not decode: ${jwt.malformed}.`,
          'It may be truncated (copied or stored with a length limit), URL-encoded twice, or wrapped in quotes; a server will reject it.',
        ),
        connectionIds: [c.id],
        frames,
        time: t0,
      }),
    );
    return out;
  }
  if (jwt.exp !== undefined && jwt.exp > MILLISECONDS_CLAIM) {
    // An exp in milliseconds reads as a date after the year 5000: the token never expires for a
    // lenient server, and a strict one refuses it.
    out.push(
      finding({
        id: 'jwt-malformed',
        severity: 'warning',
        title: 'JWT exp in milliseconds',
        short: 'its exp is in milliseconds, not seconds',
        detail: sentences(
          `The JWT in ${where} expires in the year ${new Date(Math.min(jwt.exp * 1000, 8.64e15)).getUTCFullYear() || 'after 275,000'} as written (exp ${jwt.exp}).`,
          millisecondsHint('exp', jwt.exp),
          'Such a token never expires for a server that accepts it (a stolen one stays valid), and servers that check the claim refuse it.',
          outcome(c),
        ),
        connectionIds: [c.id],
        frames,
        time: t0,
      }),
    );
    return out;
  }
  const exp = jwt.exp !== undefined ? jwt.exp * 1000 : undefined;
  if (exp !== undefined && exp < t0) {
    const ago = t0 - exp;
    out.push(
      finding({
        id: 'jwt-expired',
        severity: 'error',
        title: 'JWT expired before connecting',
        short: `the token expired ${humanDuration(ago)} before connecting`,
        detail: sentences(
          `The JWT in ${where} expired ${humanDuration(ago)} before connecting (exp ${iso(exp)}, connected ${iso(t0)}).`,
          lifetime(jwt),
          ago <= CLOCK_SKEW_MS && `That is within ${humanDuration(CLOCK_SKEW_MS)}, so a clock difference between this machine and the server may decide it.`,
          outcome(c),
          'Fetch a fresh token before connecting, and before every reconnect.',
        ),
        connectionIds: [c.id],
        frames,
        time: t0,
      }),
    );
  }
  const nbf = jwt.nbf !== undefined ? jwt.nbf * 1000 : undefined;
  const iat = jwt.iat !== undefined ? jwt.iat * 1000 : undefined;
  if (nbf !== undefined && nbf > t0 + CLOCK_SKEW_MS) {
    out.push(
      finding({
        id: 'jwt-not-yet-valid',
        severity: 'error',
        title: 'JWT not yet valid',
        short:
          jwt.nbf! > MILLISECONDS_CLAIM
            ? 'its nbf is in milliseconds, not seconds'
            : `the token becomes valid ${humanDuration(nbf - t0)} after connecting`,
        detail: sentences(
          `The JWT in ${where} only becomes valid ${humanDuration(nbf - t0)} after connecting (nbf ${iso(nbf)}, connected ${iso(t0)}).`,
          millisecondsHint('nbf', jwt.nbf) ||
            `That is more than the ${humanDuration(CLOCK_SKEW_MS)} of clock skew servers usually allow: this machine's clock is behind, or the issuer's clock is ahead. Check both are synchronised (NTP).`,
          outcome(c),
        ),
        connectionIds: [c.id],
        frames,
        time: t0,
      }),
    );
  } else if (nbf === undefined && iat !== undefined && iat > t0 + CLOCK_SKEW_MS) {
    out.push(
      finding({
        id: 'jwt-not-yet-valid',
        severity: 'warning',
        title: 'JWT issued in the future',
        short:
          jwt.iat! > MILLISECONDS_CLAIM
            ? 'its iat is in milliseconds, not seconds'
            : `the token was issued ${humanDuration(iat - t0)} after connecting: clock skew`,
        detail: sentences(
          `The JWT in ${where} says it was issued ${humanDuration(iat - t0)} after the connection was made (iat ${iso(iat)}, connected ${iso(t0)}).`,
          millisecondsHint('iat', jwt.iat) ||
            `Clocks disagree by more than ${humanDuration(CLOCK_SKEW_MS)}: some servers reject such tokens. Check this machine's clock and the issuer's (NTP).`,
          outcome(c),
        ),
        connectionIds: [c.id],
        frames,
        time: t0,
      }),
    );
  }
  if (exp !== undefined && exp >= t0) {
    const end = endedAt(c) ?? now;
    const untilExp = exp - t0;
    if (exp < end || untilExp <= EXPIRING_WINDOW_MS) {
      const whileOpen = exp < end;
      const closedSoonAfter = whileOpen && c.closedAt !== null && c.closedAt - exp <= 10_000;
      // Healthy, so not a warning: a socket that lived on well past the expiry (the server does not
      // enforce it on open connections), or one the page closed before it (a short-lived ticket).
      const harmless = (whileOpen && end - exp > 10_000) || (!whileOpen && c.closedAt !== null);
      out.push(
        finding({
          id: 'jwt-expiring',
          severity: harmless ? 'info' : 'warning',
          title: whileOpen ? 'JWT expired while connected' : 'JWT expires soon after connecting',
          short: whileOpen ? `the token expired ${humanDuration(untilExp)} into the connection` : `the token expires ${humanDuration(untilExp)} after connecting`,
          detail: sentences(
            `The JWT in ${where} expires ${humanDuration(untilExp)} after connecting (exp ${iso(exp)}).`,
            whileOpen &&
              (c.closedAt !== null
                ? `The connection was still open then; it closed ${humanDuration(c.closedAt - exp)} later.`
                : 'The connection is still open past that time.'),
            closedSoonAfter && 'The close follows the expiry closely: the server likely enforces expiry on open connections.',
            'Servers that check expiry on open connections will drop it then, and a reconnect with the same token will be refused. Refresh the token before it expires and re-authenticate (or reconnect with the new token).',
          ),
          connectionIds: [c.id],
          frames,
          time: whileOpen ? exp : t0,
        }),
      );
    }
  }
  return out;
}

function authMissing(c: Connection): Finding {
  const h = c.handshake;
  const sawHeaders = !!h && h.requestHeaders.length > 0;
  const sawMessages = c.hooked && c.droppedFrames === 0;
  const cookie = header(h?.requestHeaders, 'Cookie');
  const cookieNames = cookie
    ? cookie
        .split(';')
        .map((p) => p.split('=')[0]!.trim())
        .filter((n) => n.length > 0)
    : [];
  return finding({
    id: 'auth-missing',
    severity: sawHeaders ? 'error' : 'warning',
    title: 'Refused, and no credential was sent',
    short: 'no credential was sent',
    detail: sentences(
      `The server refused the connection with ${authRejection(c)}, an authentication refusal.`,
      describeCredentials([]),
      cookieNames.length > 0 && `It carried cookies (${cookieNames.slice(0, 8).join(', ')}), but none looks like a session or token cookie.`,
      !sawHeaders && 'The handshake request headers were not captured, so a Cookie or Authorization header may have been sent unseen.',
      !sawMessages && 'The page\'s first messages were not captured, so a token sent in them may be unseen.',
      'Browsers cannot set custom headers on a WebSocket: pass the token the way the server expects it (query parameter, same-site cookie, Sec-WebSocket-Protocol entry, or the first message such as graphql-ws connection_init).',
    ),
    connectionIds: [c.id],
    time: c.closedAt ?? h?.answeredAt ?? c.createdAt,
  });
}

function insecure(list: { c: Connection; creds: Credential[] }[]): Finding {
  const names = [...new Set(list.flatMap((x) => x.creds.map(whereFound)))];
  const host = (() => {
    try {
      return new URL(list[0]!.c.url).host;
    } catch {
      return list[0]!.c.url;
    }
  })();
  return finding({
    id: 'insecure-transport',
    severity: 'warning',
    title: 'Credentials over unencrypted ws://',
    short: 'credentials sent over unencrypted ws://',
    detail: sentences(
      `${plural(list.length, 'connection')} to ${host} sent credentials (${names.join(', ')}) over ws://, in clear text.`,
      'Anyone on the network path (Wi-Fi, proxies) can read and reuse them. Use wss://.',
    ),
    connectionIds: list.map((x) => x.c.id),
    time: list[0]!.c.createdAt,
  });
}

function isPlainRemote(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'ws:' && !isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

/** Merges findings of the same id about the same token into one that lists every connection. */
interface Collected {
  f: Finding;
  key: string;
  /** Sentence appended when later connections repeat the finding. */
  again: (n: number) => string;
}

function merge(findings: Collected[]): Finding[] {
  const byKey = new Map<string, { f: Finding; extra: number; again: (n: number) => string }>();
  const out: Finding[] = [];
  for (const { f, key, again } of findings) {
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, { f, extra: 0, again });
      out.push(f);
      continue;
    }
    for (const id of f.connectionIds) if (!first.f.connectionIds.includes(id)) first.f.connectionIds.push(id);
    if (f.frames) first.f.frames = [...(first.f.frames ?? []), ...f.frames];
    first.extra++;
  }
  for (const { f, extra, again } of byKey.values()) {
    if (extra > 0) f.detail += ` ${again(extra)}`;
  }
  return out;
}

export function authFindings(group: Connection[], credentialsOf: (c: Connection) => Credential[], now: number): Finding[] {
  const collected: Collected[] = [];
  const sameToken = (n: number): string => `The same token was used by ${plural(n, 'later connection')}.`;
  const sameRefusal = (n: number): string => `${plural(n, 'later connection')} to this endpoint ${n === 1 ? 'was' : 'were'} refused the same way.`;
  const plain: { c: Connection; creds: Credential[] }[] = [];
  for (const c of group) {
    const creds = credentialsOf(c);
    for (const use of tokens(c, creds)) {
      for (const f of verdicts(c, use, now)) collected.push({ f, key: `${f.id}\u0000${f.title}\u0000${use.value}`, again: sameToken });
    }
    if (creds.length === 0 && authRejected(c)) collected.push({ f: authMissing(c), key: 'auth-missing', again: sameRefusal });
    if (creds.length > 0 && isPlainRemote(c.url)) plain.push({ c, creds });
  }
  const out = merge(collected);
  if (plain.length > 0) out.push(insecure(plain));
  return out;
}
