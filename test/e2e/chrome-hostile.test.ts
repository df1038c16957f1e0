/**
 * A hostile page: forged and malformed messages to the bridge, and markup everywhere
 * page data goes. They may add rows to that tab's own log, nothing more.
 */
import type { Page } from 'playwright';
import { expect, it } from 'vitest';
import { PAGE_EVENT_TYPE, PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { chromiumSuite } from '../support/chromium-suite';
import { frameCount, panel } from '../support/panel';

const env = chromiumSuite();

const MARKUP = `<img src=x onerror="window.top.__pwned=1;document.title='pwned'">`;

async function forge(page: Page): Promise<void> {
  await page.evaluate(
    ({ type, source, v, markup }) => {
      const send = (detail: unknown) => window.dispatchEvent(new CustomEvent(type, { detail }));
      // The hook's chunk (src/shared/wire.ts): header JSON with frames as [cid, time, flags, size, len], a newline, the payloads.
      const wrap = (events: unknown[]) => {
        let payloads = '';
        const header = events.map((e) => {
          if (!e || typeof e !== 'object' || (e as { kind?: string }).kind !== 'frame') return e;
          const f = e as { cid: string; time: number; direction: string; type: string; truncated: boolean; size: number; data: string };
          payloads += f.data;
          return [f.cid, f.time, (f.direction === 'receive' ? 1 : 0) | (f.type === 'binary' ? 2 : 0) | (f.truncated ? 4 : 0), f.size, f.data.length];
        });
        return `${JSON.stringify({ source, v, events: header })}\n${payloads}`;
      };
      send('not json');
      send({ source, v, events: [] }); // an object, not the string the hook sends
      send(JSON.stringify({ source, v, events: [] })); // no payload section
      send(wrap([{ kind: 'create', cid: 'x', time: 1, url: 'ws://x', protocols: [] }]).replace(source, 'other'));
      send(wrap([]).replace(`"v":${v}`, `"v":${v + 1}`));
      // Counted as lost: 6 malformed events, and 2 whose payload lengths do not add up.
      send(wrap([{ kind: 'export' }, { kind: 'navigate', url: 'https://evil.test' }, { kind: 'clear' }, { kind: '__proto__', cid: 'a' }, null, 5]));
      send(`${wrap([{ kind: 'open', cid: 'y', time: 1, protocol: '', extensions: '' }, { kind: 'frame', cid: 'y', time: 1, direction: 'receive', type: 'text', size: 3, data: 'abc', encoding: 'utf8', truncated: false }])}more`);
      send('x'.repeat(9 * 1024 * 1024));
      // Well-formed forgeries: allowed to add rows, shown as inert text.
      send(
        wrap([
          { kind: 'create', cid: 'forged', time: Date.now(), url: `javascript:alert(1)//${markup}`, protocols: [markup] },
          { kind: 'open', cid: 'forged', time: Date.now(), protocol: markup, extensions: '' },
          { kind: 'frame', cid: 'forged', time: Date.now(), direction: 'receive', type: 'text', size: 10, data: `${markup}\u202Egnp.exe`, encoding: 'utf8', truncated: false },
          // Longer than the hook ever makes a binary frame (64 KiB): the background cuts it.
          { kind: 'frame', cid: 'forged', time: Date.now() + 1, direction: 'receive', type: 'binary', size: 70_000, data: 'A'.repeat(93_336), encoding: 'base64', truncated: false },
          { kind: 'close', cid: 'forged', time: Date.now(), code: 4000, reason: markup, wasClean: true },
        ]),
      );
    },
    { type: PAGE_EVENT_TYPE, source: PAGE_SOURCE, v: PROTOCOL_VERSION, markup: MARKUP },
  );
}

it('forged messages stay in their own tab, trigger nothing, and render as text', async () => {
  const victim = await env.browser.context.newPage();
  await victim.goto(env.server.pageUrl(`<script>new WebSocket('${env.server.wsOrigin}/echo?tab=victim').onopen = function () { this.send('hi'); };</script>`));
  const victimTab = await env.browser.tabIdOf(victim);

  const hostile = await env.browser.context.newPage();
  await hostile.goto(env.server.pageUrl('<p>hostile</p>'));
  const hostileTab = await env.browser.tabIdOf(hostile);
  const hostilePanel = await env.browser.openPopout(hostileTab);
  const victimPanel = await env.browser.openPopout(victimTab);

  await forge(hostile);
  // The forged connection shows up in the hostile tab only, as text.
  await expect.poll(() => panel.connectionRows(hostilePanel).count(), { timeout: 10_000 }).toBe(1);
  const row = panel.connectionRow(hostilePanel, 'javascript:alert(1)');
  expect(await row.textContent()).toContain('<img src=x onerror=');
  await row.click();
  await expect.poll(() => panel.frameRows(hostilePanel).count()).toBe(2);
  const frameText = await panel.frameRows(hostilePanel).first().textContent();
  expect(frameText).toContain('<img src=x onerror=');
  expect(frameText).toContain('\\u202e'); // the bidi override is shown, not obeyed
  expect(await hostilePanel.locator('img').count()).toBe(0);
  expect(await hostilePanel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await hostilePanel.title()).not.toBe('pwned');
  // The forged over-long binary frame was cut to the hook's cap, its claimed size kept.
  await panel.frameRows(hostilePanel).filter({ hasText: 'truncated' }).click();
  await expect.poll(() => panel.truncationNotice(hostilePanel).textContent()).toContain('Showing 65,536 of 70,000 bytes');

  // The victim tab sees only its own socket.
  await expect.poll(() => panel.connectionRows(victimPanel).allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('tab=victim')]);

  // The background is still healthy: a real socket in the hostile tab is recorded, with its frames.
  await hostile.evaluate((u: string) => {
    new WebSocket(u).onopen = function (this: WebSocket) {
      this.send('after the forgeries');
    };
  }, `${env.server.wsOrigin}/echo?tab=hostile-real`);
  const real = panel.connectionRow(hostilePanel, 'tab=hostile-real');
  await expect.poll(() => frameCount(panel.cell(real, 'received')), { timeout: 10_000 }).toBe(1);
  // Malformed events were counted, not silently ignored.
  await expect.poll(() => hostilePanel.getByTestId('lost-notice').textContent(), { timeout: 10_000 }).toMatch(/\b8 events lost/);
});

it('a forged frame that is not base64, sent while no panel is open, costs the tab nothing else', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.pageUrl('<p>hostile, DevTools closed</p>'));
  const tabId = await env.browser.tabIdOf(page);
  await page.evaluate(
    ({ type, source, v, wsUrl }) => {
      const ws = new WebSocket(wsUrl);
      ws.onopen = () => {
        ws.send('before');
        // Longer than the hook's 64 KiB cap, so the background cuts it, and its "base64" is '!'.
        const junk = '!'.repeat(87_388);
        window.dispatchEvent(new CustomEvent(type, { detail: `${JSON.stringify({ source, v, events: [['x', 1, 2, 65_539, junk.length]] })}\n${junk}` }));
        setTimeout(() => ws.send('after'), 100);
      };
    },
    { type: PAGE_EVENT_TYPE, source: PAGE_SOURCE, v: PROTOCOL_VERSION, wsUrl: `${env.server.wsOrigin}/echo?tab=closed-devtools` },
  );
  await new Promise((r) => setTimeout(r, 1500)); // both frames recorded and stored undecoded
  const view = await env.browser.openPopout(tabId);
  const real = panel.connectionRow(view, 'tab=closed-devtools');
  await expect.poll(() => frameCount(panel.cell(real, 'sent')), { timeout: 10_000 }).toBe(2);
  expect(await frameCount(panel.cell(real, 'received'))).toBe(2);
});
