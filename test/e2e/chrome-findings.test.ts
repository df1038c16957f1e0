/**
 * Diagnostics end to end in Chromium: real pages fail in real ways against the local ws
 * server, and the pop-out panel lists the findings (data-finding-id), explains the
 * handshake and the close, and gives each row a one-line diagnosis.
 *
 * Many finding ids share one page to keep the file fast; the slow page (a steady retry
 * loop and an idle drop, ~11 s) starts in beforeAll and is checked last.
 */
import { createServer } from 'node:net';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.mjs';
import type { ExtensionBrowser } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import { findingIds, panel } from '../support/panel';

/** A name that is not loopback for the diagnostics, resolved to 127.0.0.1 by Chromium. */
const REMOTE_HOST = 'ws-triage-remote.example';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: ExtensionBrowser;
let slowPanel: Promise<Page>;

const b64url = (s: string): string => Buffer.from(s).toString('base64url');
const secs = (ms: number): number => Math.floor(ms / 1000);
function jwt(payload: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'user-1', ...payload }))}.c2lnbmF0dXJl`;
}

/** A port nothing listens on: bind, read the port, close. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Opens a page and its pop-out panel, then runs `script` in the page. First a warm-up socket
 * must show in the panel: a socket opened before the background has processed the new
 * document's hello can lose its handshake to the navigation reset (seen on a cold worker).
 */
async function open(script: string): Promise<Page> {
  const page = await browser.context.newPage();
  const warmup = `${server.wsOrigin}/echo?case=warmup`;
  await page.goto(server.pageUrl(`<script>window.warmup = new WebSocket('${warmup}'); window.go = () => {\n${script}\n};</script>`));
  const p = await browser.openPopout(await browser.tabIdOf(page));
  await expect.poll(() => panel.connectionRow(p, 'case=warmup').count(), { timeout: 15_000 }).toBe(1);
  await page.evaluate(() => (window as unknown as { go: () => void }).go());
  return p;
}

/** Waits until every id is listed, and returns the ids listed. */
async function expectFindings(p: Page, ids: string[], timeout = 15_000): Promise<string[]> {
  await expect
    .poll(async () => {
      const listed = new Set(await findingIds(p));
      return ids.filter((id) => !listed.has(id));
    }, { timeout })
    .toEqual([]);
  return findingIds(p);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium({ args: [`--host-resolver-rules=MAP ${REMOTE_HOST} 127.0.0.1`] });
  // Slow: reconnects every ~2.7 s after a failure (no backoff, but too slow for a storm: 5
  // attempts take > 10 s), and two sockets dropped after the same 5.5 s of silence.
  slowPanel = open(`
    let attempts = 0;
    const steady = () => {
      attempts++;
      const ws = new WebSocket('${server.wsOrigin}/flaky?case=steady');
      ws.onclose = () => { if (attempts < 5) setTimeout(steady, 2400); };
    };
    steady();
    for (let i = 0; i < 2; i++) new WebSocket('${server.wsOrigin}/drop?case=idle&after=5500').onclose = () => {};
  `);
  slowPanel.catch(() => {}); // awaited (and reported) by the last test
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('findings in Chromium', () => {
  it('a healthy chat session (echo, clean 1000 close) shows no error or warning', async () => {
    const p = await open(`
      const ws = new WebSocket('${server.wsOrigin}/echo?room=lobby', ['v1.chat']);
      let got = 0;
      ws.onopen = () => { ws.send(JSON.stringify({ type: 'hello' })); ws.send(JSON.stringify({ type: 'message', text: 'hi' })); };
      ws.onmessage = () => { if (++got === 2) ws.close(1000, 'bye'); };
      ws.onclose = () => {};
      ws.onerror = () => {};
    `);
    const row = panel.connectionRow(p, '/echo?room=lobby');
    await expect.poll(() => panel.cell(row, 'close').textContent(), { timeout: 15_000 }).toBe('1000 Normal Closure');
    await expectFindings(p, ['close-code']);
    expect(await panel.findingsOfSeverity(p, 'error').count()).toBe(0);
    // The explanation is cut to one line, with a visible mark that opens it.
    const card = panel.finding(p, 'close-code');
    const title = card.locator('.finding-title');
    expect(await title.getAttribute('aria-expanded')).toBe('false');
    expect(await title.textContent()).toMatch(/^▸/);
    await title.click();
    expect(await title.getAttribute('aria-expanded')).toBe('true');
    expect(await title.textContent()).toMatch(/^▾/);
    expect(await card.locator('.finding-detail').evaluate((el) => getComputedStyle(el).display)).toBe('block');
    expect(await panel.findingsOfSeverity(p, 'warning').count()).toBe(0);
    expect(await panel.finding(p, 'close-code').getAttribute('data-severity')).toBe('info');
    expect(await panel.cell(row, 'diagnosis').textContent()).toBe('');
    await row.click();
    await expect.poll(() => panel.detailDiagnosis(p).textContent()).toBe('No problem found');
    // The detail opens on its messages; the other tabs say what they hold before they are opened.
    expect(await panel.detailTab(p, 'Messages').getAttribute('aria-selected')).toBe('true');
    expect(await panel.detailTab(p, 'Handshake').textContent()).toBe('Handshake101');
    expect(await panel.cell(row, 'status').textContent()).toBe('101');
    expect(await panel.detailTab(p, 'Close').textContent()).toBe('Close1000');
    expect(await panel.handshake(p).count()).toBe(0);
    await panel.detailTab(p, 'Handshake').click();
    await expect.poll(() => panel.handshakeStatus(p).textContent()).toBe('101 Switching Protocols');
    expect(await panel.frames(p).count()).toBe(0);
    await panel.detailTab(p, 'Close').click();
    expect(await panel.closeInfo(p).getByTestId('close-name').textContent()).toContain('1000 Normal Closure');
  });

  it('handshake, credential and token findings; the Handshake section shows a 401 and its WWW-Authenticate', async () => {
    const now = Date.now();
    const expired = jwt({ exp: secs(now - 3600_000), iat: secs(now - 7200_000) });
    const notYet = jwt({ nbf: secs(now + 3600_000), exp: secs(now + 7200_000) });
    const expiring = jwt({ exp: secs(now + 120_000), iat: secs(now - 60_000) });
    const malformed = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE.c2ln';
    const refused = await freePort();
    const ws = server.wsOrigin;
    const remote = `ws://${REMOTE_HOST}:${server.port}`;
    const p = await open(`
      const quiet = (s) => { s.onclose = () => {}; s.onerror = () => {}; return s; };
      quiet(new WebSocket('${ws}/reject?status=401&case=anonymous'));
      quiet(new WebSocket('${ws}/reject?status=401&case=expired&access_token=${expired}'));
      quiet(new WebSocket('${ws}/echo?accept=bearer&case=nbf', ['bearer', '${notYet}']));
      quiet(new WebSocket('${ws}/echo?case=expiring&access_token=${expiring}'));
      quiet(new WebSocket('${ws}/echo?case=malformed&token=${malformed}'));
      quiet(new WebSocket('ws://127.0.0.1:${refused}/refused'));
      quiet(new WebSocket('${ws}/echo?accept=none&case=subprotocol', ['v2.chat', 'v1.chat']));
      quiet(new WebSocket('${remote}/echo?case=remote&access_token=opaque-secret-value-0123456789'));
    `);
    await expectFindings(p, [
      'handshake-rejected',
      'auth-missing',
      'jwt-expired',
      'jwt-not-yet-valid',
      'jwt-expiring',
      'jwt-malformed',
      'handshake-failed',
      'insecure-transport',
    ]);
    // Sorted by severity: every error before every warning before every info.
    // One read of the list (findings keep arriving while the sockets retry).
    const severities = await panel.findings(p).locator('[data-finding-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    const rank = (s: string | null): number => ['error', 'warning', 'info'].indexOf(s ?? '');
    const ranks = severities.map(rank);
    expect(ranks).not.toContain(-1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(await panel.finding(p, 'auth-missing').getAttribute('data-severity')).toBe('error');
    expect(await panel.finding(p, 'handshake-failed').first().textContent()).toContain('net::ERR_');

    // The row's one-line diagnosis, and the Handshake section of the anonymous 401.
    const anonymous = panel.connectionRow(p, 'case=anonymous');
    await expect.poll(() => panel.cell(anonymous, 'diagnosis').textContent()).toMatch(/^Handshake rejected: HTTP 401 Unauthorized/);
    expect(await panel.cell(anonymous, 'diagnosis').getAttribute('data-severity')).toBe('error');
    // Selecting through a finding's connection button.
    const rejected = panel.finding(p, 'handshake-rejected').filter({ hasText: '401' }).first();
    const button = panel.findingConnections(rejected).filter({ hasText: 'case=anonymous' });
    await button.click();
    expect(await anonymous.getAttribute('aria-selected')).toBe('true');
    // A handshake finding's connection opens on its Handshake tab.
    expect(await panel.detailTab(p, 'Handshake').getAttribute('aria-selected')).toBe('true');
    expect(await panel.detailTab(p, 'Handshake').textContent()).toBe('Handshake401');
    // The table's Status column, as the Network panel's: the HTTP status, the full line in its tooltip.
    expect(await panel.cell(anonymous, 'status').textContent()).toBe('401');
    expect(await panel.cell(anonymous, 'status').getAttribute('title')).toBe('401 Unauthorized');
    await expect.poll(() => panel.handshakeStatus(p).textContent()).toBe('401 Unauthorized');
    // A socket that never opened is "failed" in the table, not "closed" like one that worked.
    await expect.poll(() => panel.cell(anonymous, 'state').textContent()).toBe('failed');
    // The detail bar's diagnosis is cut to one line; all of it is in its tooltip.
    const detail = panel.detailDiagnosis(p);
    expect(await detail.getAttribute('title')).toBe(await panel.cell(anonymous, 'diagnosis').textContent());
    expect(await detail.getAttribute('title')).toBe(await detail.textContent());
    expect(await panel.handshake(p).getByTestId('handshake-url').textContent()).toContain('/reject?status=401&case=anonymous');
    const response = panel.headerTable(p, 'Response headers');
    expect(await panel.headerValue(response, 'WWW-Authenticate').textContent()).toBe('Bearer realm="ws", error="invalid_token"');
    expect(await panel.headerValue(panel.headerTable(p, 'Request headers'), 'Upgrade').textContent()).toBe('websocket');

    // Chromium fails a 101 that confirms none of the requested subprotocols as net::ERR_FAILED and
    // never reports the 101 to extensions: subprotocol-mismatch cannot be seen here (unit tested);
    // the handshake-failed detail names the requested subprotocols instead.
    const unconfirmed = panel.finding(p, 'handshake-failed').filter({ hasText: 'case=subprotocol' });
    expect(await unconfirmed.textContent()).toContain('echoes one of the requested subprotocols');

    // The refused port: the network error instead of a status line (the tab is kept from one connection to the next).
    await panel.connectionRow(p, '/refused').click();
    expect(await panel.detailTab(p, 'Handshake').textContent()).toBe('Handshake(failed)');
    expect(await panel.cell(panel.connectionRow(p, '/refused'), 'status').textContent()).toBe('(failed)');
    expect(await panel.cell(panel.connectionRow(p, '/refused'), 'status').getAttribute('title')).toMatch(/^net::ERR_/);
    await expect.poll(() => panel.handshake(p).getByTestId('handshake-error').textContent()).toMatch(/^net::ERR_/);
  });

  it('close codes, abnormal closures and API misuse', async () => {
    const ws = server.wsOrigin;
    const p = await open(`
      const tooBig = new WebSocket('${ws}/close?code=1009&reason=${encodeURIComponent('max payload 1024')}&after=300');
      tooBig.onopen = () => tooBig.send('x'.repeat(4096));
      tooBig.onclose = () => {};
      const custom = new WebSocket('${ws}/close?code=4001&reason=session+ended&after=100');
      custom.onclose = () => {};
      // No close listener at all, and the server drops the TCP connection: 1006.
      new WebSocket('${ws}/drop?after=200');

      const early = new WebSocket('${ws}/echo?case=early');
      early.onclose = () => {};
      try { early.send('too early'); } catch (e) { window.earlyError = String(e); }

      const late = new WebSocket('${ws}/echo?case=late');
      late.onclose = () => {};
      late.onopen = () => { late.close(1000); late.send('after close'); };

      const badClose = new WebSocket('${ws}/echo?case=bad-close');
      badClose.onclose = () => {};
      badClose.onopen = () => {
        try { badClose.close(999); } catch (e) { window.closeError = String(e); }
        badClose.close(1000, 'done');
      };
    `);
    await expectFindings(p, [
      'message-too-big',
      'close-code',
      'abnormal-closure',
      'no-close-handler',
      'send-before-open',
      'send-after-close',
      'invalid-close-call',
    ]);
    expect(await panel.finding(p, 'message-too-big').getAttribute('data-severity')).toBe('error');
    expect(await panel.finding(p, 'close-code').filter({ hasText: '4001' }).count()).toBe(1);

    // The dropped connection: diagnosis on its row, the close explained in its detail.
    const dropped = panel.connectionRow(p, '/drop');
    await expect.poll(() => panel.cell(dropped, 'diagnosis').textContent()).toContain('1006: dropped without a Close frame');
    await dropped.click();
    // The tabs by keyboard: End from the focused tab moves to the last one, Close.
    await panel.detailTab(p, 'Messages').focus();
    await p.keyboard.press('End');
    expect(await panel.detailTab(p, 'Close').getAttribute('aria-selected')).toBe('true');
    expect(await panel.detailTab(p, 'Close').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await panel.detailTab(p, 'Close').textContent()).toBe('Close1006');
    const close = panel.closeInfo(p);
    await expect.poll(() => close.getByTestId('close-name').textContent()).toContain('1006 Abnormal Closure');
    expect(await close.getByTestId('close-on-wire').textContent()).toMatch(/^No/);
    expect(await close.getByTestId('close-meaning').textContent()).not.toBe('');
  });

  it('a page calling send() on a closed socket in a loop: every call counted, 1,000 events listed', async () => {
    const p = await open(`
      const loop = new WebSocket('${server.wsOrigin}/echo?case=loop');
      loop.onclose = () => { for (let i = 0; i < 3000; i++) loop.send('tick'); };
      loop.onopen = () => loop.close(1000);
    `);
    const f = panel.finding(p, 'send-after-close');
    await expect.poll(() => f.textContent(), { timeout: 15_000 }).toContain('send() 3,000 times');
    await panel.connectionRow(p, 'case=loop').click();
    const sends = panel.eventRows(p, 'send-discarded');
    await expect.poll(() => sends.filter({ hasText: 'more like it' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await sends.filter({ hasText: 'more like it' }).textContent()).toMatch(/and 2,00\d more like it/);
  });

  it('reconnect loops: a storm, a futile retry with the same credential, and a retry loop without backoff', async () => {
    const ws = server.wsOrigin;
    const p = await open(`
      let storm = 0;
      const flaky = () => { storm++; const s = new WebSocket('${ws}/flaky?case=storm'); s.onclose = () => { if (storm < 6) flaky(); }; };
      flaky();
      let futile = 0;
      const retry = () => {
        futile++;
        const s = new WebSocket('${ws}/reject?status=401&case=futile&api_token=opaque-secret-value-0123456789');
        s.onclose = () => { if (futile < 3) setTimeout(retry, 50); };
      };
      retry();
    `);
    await expectFindings(p, ['reconnect-storm', 'futile-retry', 'handshake-rejected']);
    expect(await panel.finding(p, 'reconnect-storm').getAttribute('data-severity')).toBe('error');

    // The slow page, started in beforeAll: steady retries and a repeated idle drop.
    const slow = await slowPanel;
    await expectFindings(slow, ['no-backoff', 'idle-timeout'], 30_000);
    expect(await panel.finding(slow, 'reconnect-storm').count()).toBe(0);
    expect(await panel.finding(slow, 'idle-timeout').textContent()).toMatch(/5\.\d s/);
  });
});
