import { describe, expect, it } from 'vitest';
import { apply, createStore, hasTab } from '../../../src/panel/store';
import { newConnection } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import type { BackgroundToPanel } from '../../../src/shared/protocol';

describe("the panel store's link to its tab", () => {
  it('is live after a snapshot, and keeps the session when told the tab is closed', () => {
    const store = createStore(7);
    expect(store.link.value).toBe('connecting');
    apply(store, { type: 'reset', session: createSession(), status: { recording: true, preserveLog: false } });
    apply(store, { type: 'connection', connection: newConnection('c1', 'ws://h/', 1) });
    expect(store.link.value).toBe('live');
    expect(hasTab(store)).toBe(true);
    apply(store, { type: 'tab-closed' } satisfies BackgroundToPanel);
    expect(store.link.value).toBe('tab-closed');
    expect(hasTab(store)).toBe(false);
    expect(store.session.connections.map((c) => c.id)).toEqual(['c1']);
  });

  it('a viewer has no tab', () => {
    expect(hasTab(createStore(null))).toBe(false);
  });

  it('says when the background is another version', () => {
    const store = createStore(7);
    apply(store, { type: 'incompatible', v: 99 });
    expect(store.link.value).toBe('incompatible');
  });
});
