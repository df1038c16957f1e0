/** API misuse the page hook saw: sending too early or too late, bad close() calls, no close handler. */
import type { Connection, LifecycleEvent } from '../shared/model';
import { eventCount } from '../shared/model';
import { finding, plural, quote, sentences } from './make';
import { humanBytes } from './size';
import type { Finding } from './types';

type Of<K extends LifecycleEvent['kind']> = Extract<LifecycleEvent, { kind: K }>;

function eventsOf<K extends LifecycleEvent['kind']>(c: Connection, kind: K): Of<K>[] {
  return c.events.filter((e): e is Of<K> => e.kind === kind);
}

/** How many calls a list of events stands for, repeats included. */
const calls = (events: readonly LifecycleEvent[]): number => events.reduce((n, e) => n + eventCount(e), 0);

function sendBeforeOpen(c: Connection): Finding | null {
  const errors = eventsOf(c, 'send-error').filter((e) => /InvalidStateError/i.test(e.error));
  if (errors.length === 0) return null;
  return finding({
    id: 'send-before-open',
    severity: 'warning',
    title: 'send() before the socket opened',
    short: 'the page sent before the socket opened',
    detail: sentences(
      `The page called send() ${plural(calls(errors), 'time')} while the socket was still connecting; each call threw InvalidStateError and the message was not sent.`,
      'Wait for the open event (or queue messages until then) before sending.',
    ),
    connectionIds: [c.id],
    time: errors[0]!.time,
  });
}

function sendAfterClose(c: Connection): Finding | null {
  const discarded = eventsOf(c, 'send-discarded');
  if (discarded.length === 0) return null;
  const bytes = discarded.reduce((sum, e) => sum + e.size + (e.repeatedBytes ?? 0), 0);
  return finding({
    id: 'send-after-close',
    severity: 'warning',
    title: 'send() after the socket closed',
    short: 'messages sent after close were silently discarded',
    detail: sentences(
      `The page called send() ${plural(calls(discarded), 'time')} after the socket was closing or closed (${humanBytes(bytes)} in all).`,
      'Browsers discard such messages silently, without an error: the data was lost.',
      'Check readyState before sending, and resend on the new socket after reconnecting.',
    ),
    connectionIds: [c.id],
    time: discarded[0]!.time,
  });
}

function invalidCloseCall(c: Connection): Finding | null {
  const thrown = eventsOf(c, 'close-call').filter((e) => e.error !== undefined);
  if (thrown.length === 0) return null;
  const first = thrown[0]!;
  const n = calls(thrown);
  const badCode = first.code !== undefined && first.code !== 1000 && (first.code < 3000 || first.code > 4999);
  return finding({
    id: 'invalid-close-call',
    severity: 'warning',
    title: 'Invalid close() call',
    short: 'close() threw, so the socket was not closed',
    detail: sentences(
      `The page called close(${first.code ?? ''}${first.reason !== undefined ? `, ${quote(first.reason, 40)}` : ''}) and it threw ${first.error}${n > 1 ? ` (${plural(n, 'call')} in all)` : ''}.`,
      badCode
        ? 'close() accepts only code 1000 or 3000–4999 (codes like 1001 or 1006 are reserved for the browser and the protocol).'
        : 'The reason must be at most 123 bytes of UTF-8, and the code 1000 or 3000–4999.',
      'The socket stayed open: the page probably believes it closed it.',
    ),
    connectionIds: [c.id],
    time: first.time,
  });
}

function noCloseHandler(c: Connection): Finding | null {
  const close = c.close;
  // An abnormal close fires error before close: a page listening for error notices it too.
  if (!c.hooked || !close || c.listeners.close || c.listeners.error) return null;
  if (close.initiator === 'client') return null;
  if (close.wasClean && close.code !== 1006) return null;
  return finding({
    id: 'no-close-handler',
    severity: 'warning',
    title: 'No close handler',
    short: 'the page does not listen for close',
    detail: sentences(
      `The connection ${c.openedAt === null ? 'failed' : 'closed abnormally'} (${close.code}) and the page has no close or error listener on this socket (neither onclose/onerror nor addEventListener).`,
      c.openedAt === null
        ? 'The page cannot notice that it never connected, tell the user, or retry.'
        : 'The page cannot notice the drop, tell the user, or reconnect: it will keep believing it is connected.',
      'Listen for close, and reconnect with exponential backoff when the close was not intended.',
    ),
    connectionIds: [c.id],
    time: c.closedAt,
  });
}

export function misuseFindings(c: Connection): Finding[] {
  return [sendBeforeOpen(c), sendAfterClose(c), invalidCloseCall(c), noCloseHandler(c)].filter((f): f is Finding => f !== null);
}
