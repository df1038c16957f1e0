import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnostics';
import { exportSession, importFile } from '../../../src/session';
import { applyEvent } from '../../../src/shared/apply';
import { createSession, eventCount, MAX_LISTED_EVENTS } from '../../../src/shared/model';
import type { HookEvent, Origin, SessionEvent } from '../../../src/shared/protocol';

const origin: Origin = { doc: 'doc1' };
const hook = (...events: HookEvent[]): SessionEvent => ({ kind: 'hook', origin, events });

/** A socket that closed, then a page loop calling send() (and now and then close()) on it. */
function loopOnClosedSocket(sends: number) {
  const s = createSession();
  applyEvent(s, hook({ kind: 'create', cid: 'a', time: 1, url: 'wss://x.test/', protocols: [] }));
  applyEvent(s, hook({ kind: 'open', cid: 'a', time: 2, protocol: '', extensions: '' }));
  applyEvent(s, hook({ kind: 'close', cid: 'a', time: 3, code: 1006, reason: '', wasClean: false }));
  for (let i = 0; i < sends; i++) {
    const events: HookEvent[] = [{ kind: 'send-discarded', cid: 'a', time: 10 + i, size: 10 }];
    if (i % 100 === 0) events.push({ kind: 'close-call', cid: 'a', time: 10 + i });
    applyEvent(s, hook(...events));
  }
  return s;
}

describe('a page repeating an event without end', () => {
  it('lists the first events, then counts repeats on the last of their kind: memory stays bounded', () => {
    const s = loopOnClosedSocket(20_000);
    const c = s.connections[0]!;
    expect(c.events.length).toBeLessThanOrEqual(MAX_LISTED_EVENTS + 2);
    const count = (kind: string) => c.events.filter((e) => e.kind === kind).reduce((n, e) => n + eventCount(e), 0);
    expect(count('send-discarded')).toBe(20_000);
    expect(count('close-call')).toBe(200);
    expect(c.events.filter((e) => e.kind === 'open' || e.kind === 'close').map((e) => e.kind)).toEqual(['open', 'close']);
    const bytes = c.events.reduce((n, e) => (e.kind === 'send-discarded' ? n + e.size + (e.repeatedBytes ?? 0) : n), 0);
    expect(bytes).toBe(200_000);
  });

  it('the finding counts every call, repeats included', () => {
    const f = diagnose(loopOnClosedSocket(5_000)).find((x) => x.id === 'send-after-close')!;
    expect(f.detail).toContain('send() 5,000 times after the socket was closing or closed (48.8 KiB in all)');
  });

  it('a session file keeps the counts, redacted or not', () => {
    const s = loopOnClosedSocket(3_000);
    for (const includeSecrets of [true, false]) {
      const file = JSON.stringify(exportSession(s, [], { includeSecrets, toolVersion: '1', now: new Date(100_000) }));
      const back = importFile(file, 'loop.wstriage.json').session.connections[0]!;
      expect(back.events.filter((e) => e.kind === 'send-discarded').reduce((n, e) => n + eventCount(e), 0)).toBe(3_000);
    }
  });

  it('a session file with a repeat count that is not a count is refused with a clear error', () => {
    const s = loopOnClosedSocket(2_000);
    const file = exportSession(s, [], { includeSecrets: true, toolVersion: '1', now: new Date(100_000) }) as unknown as { connections: { events: { repeats?: unknown }[] }[] };
    const e = file.connections[0]!.events.find((x) => x.repeats !== undefined)!;
    e.repeats = -1;
    expect(() => importFile(JSON.stringify(file), 'bad.wstriage.json')).toThrow(/repeats must be an integer >= 0/);
  });
});
