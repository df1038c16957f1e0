import { describe, expect, it } from 'vitest';
import { apply, createStore, hasTab, tabToShow } from '../../../src/panel/store';
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

describe('the tab a panel shows', () => {
  it("is DevTools' inspected tab, before any ?tabId=", () => {
    expect(tabToShow(12, '')).toBe(12);
    expect(tabToShow(0, '?tabId=5')).toBe(0);
  });

  it('is none when DevTools inspects something that is not a tab (tab id -1): a viewer, not a closed tab', () => {
    expect(tabToShow(-1, '')).toBeNull();
    expect(tabToShow(-1, '?tabId=5')).toBeNull();
    expect(tabToShow(1.5, '')).toBeNull();
  });

  it("is the pop-out's ?tabId= outside DevTools, and none for anything else", () => {
    expect(tabToShow(undefined, '?tabId=42')).toBe(42);
    expect(tabToShow(undefined, '')).toBeNull();
    expect(tabToShow(undefined, '?tabId=-3')).toBeNull();
    expect(tabToShow(undefined, '?tabId=4x')).toBeNull();
    expect(tabToShow(undefined, '?tabId=' + '9'.repeat(40))).toBeNull();
    expect(tabToShow('7', '')).toBeNull();
  });
});
