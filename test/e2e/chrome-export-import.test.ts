/**
 * Export and import end to end in Chromium: a captured session with a JWT in the socket
 * URL and a password in a frame is downloaded (redacted by default) as a session file
 * and as a HAR, opened again in the standalone viewer, and exported with secrets only
 * after the confirmation.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite';
import { frameCount, panel } from '../support/panel';

const env = chromiumSuite();

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const SIGNATURE = 'Qk5rJ2pVd0x3cFlXb2tYZ3RfSGxNbzlTVzNqQ2tZZjE';
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-42', exp: 4102444800, iat: 1700000000 })}.${SIGNATURE}`;
const PASSWORD = 'correct-horse-battery-staple-42';

let live: Page;
let viewer: Page;
let sessionFile: { name: string; text: string };
let harFile: { name: string; text: string };

async function download(p: Page, click: () => Promise<void>): Promise<{ name: string; text: string; download: Download }> {
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 10_000 }), click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: await readFile(path, 'utf8'), download: d };
}

describe('export and import in Chromium', () => {
  it('exports a redacted session file with findings, and a HAR', async () => {
    const page = await env.browser.context.newPage();
    // Chrome registers the content scripts a moment after the extension loads: a page
    // loaded first thing may run before the hook. Load one page before the real one.
    await page.goto(env.server.pageUrl('<p>warm-up</p>'));
    await page.goto(
      env.server.pageUrl(`<script>
        const ws = new WebSocket('${env.server.wsOrigin}/echo?case=export&access_token=${JWT}');
        ws.onopen = () => { ws.send(JSON.stringify({ type: 'login', user: 'ada', password: '${PASSWORD}' })); ws.send('ping'); };
        let n = 0;
        ws.onmessage = () => { if (++n === 2 && window.closed) window.done = true; };
        const expiring = new WebSocket('${env.server.wsOrigin}/close?code=4001&reason=token%20expired&after=50');
        expiring.onclose = () => { window.closed = true; if (n === 2) window.done = true; };
      </script>`),
    );
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
    live = await env.browser.openPopout(await env.browser.tabIdOf(page));
    const row = panel.connectionRow(live, 'case=export');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 15_000 }).toBe(2);

    // Off by default.
    expect(await panel.includeSecrets(live).isChecked()).toBe(false);
    const exported = await download(live, () => panel.exportSession(live).click());
    expect(exported.name).toMatch(/^127\.0\.0\.1-\d{8}-\d{6}\.wstriage\.json$/);
    expect(exported.text).not.toContain(JWT);
    expect(exported.text).not.toContain(SIGNATURE);
    expect(exported.text).not.toContain(PASSWORD);
    const file = JSON.parse(exported.text) as {
      format: string;
      version: number;
      redacted: boolean;
      tool: { version: string };
      connections: { url: string; frames: { direction: string; data: string }[] }[];
      findings: { id: string; title: string }[];
    };
    expect(file.format).toBe('ws-triage-session');
    expect(file.version).toBe(1);
    expect(file.redacted).toBe(true);
    expect(file.connections).toHaveLength(2);
    const echo = file.connections.find((c) => c.url.includes('case=export'))!;
    expect(echo.url).toContain('access_token=');
    expect(echo.frames.map((f) => f.direction)).toEqual(['send', 'send', 'receive', 'receive']);
    expect(echo.frames[0]!.data).toContain('"user":"ada"');
    expect(echo.frames[1]!.data).toBe('ping');
    // Findings are in the file: the 4001 close at least.
    expect(file.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(file.findings)).toContain('4001');
    sessionFile = exported;

    const har = await download(live, () => panel.exportHar(live).click());
    expect(har.name).toMatch(/^127\.0\.0\.1-\d{8}-\d{6}\.har$/);
    expect(har.text).not.toContain(JWT);
    expect(har.text).not.toContain(PASSWORD);
    const log = (JSON.parse(har.text) as { log: { version: string; entries: { _resourceType: string; _webSocketMessages: unknown[] }[] } }).log;
    expect(log.version).toBe('1.2');
    expect(log.entries).toHaveLength(2);
    expect(log.entries.every((e) => e._resourceType === 'websocket')).toBe(true);
    expect(log.entries.map((e) => e._webSocketMessages.length).sort()).toEqual([0, 4]);
    harFile = har;

    // The summary goes to the clipboard, redacted.
    // (Playwright cannot grant clipboard-read to an extension origin: record what is written.)
    await live.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = (text: string) => (w.copied.push(text), write(text));
      document.addEventListener('copy', () => w.copied.push((document.activeElement as HTMLTextAreaElement).value));
    });
    await panel.copySummary(live).click();
    await expect.poll(() => panel.copied(live).count()).toBe(1);
    const clip = await live.evaluate(() => (window as unknown as { copied: string[] }).copied.join('\n'));
    expect(clip).toContain('# WS Triage session summary');
    expect(clip).not.toContain(JWT);
  });

  it('opens the files read-only in the viewer; a bad file changes nothing', async () => {
    viewer = await env.browser.openPopout(null);
    await expect.poll(() => panel.viewerOpen(viewer).isVisible()).toBe(true);
    await panel.importInput(viewer).setInputFiles({
      name: sessionFile.name,
      mimeType: 'application/json',
      buffer: Buffer.from(sessionFile.text),
    });
    await expect.poll(() => panel.viewTabs(viewer).count()).toBe(1);
    const tab = panel.viewTab(viewer, new RegExp(sessionFile.name.replace(/\./g, '\\.')));
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(await tab.textContent()).toContain('redacted');
    const info = (await panel.importInfo(viewer).textContent()) ?? '';
    expect(info).toContain('Read-only');
    expect(info).toContain(sessionFile.name);
    expect(info).toContain('exported');
    expect(info).toMatch(/WS Triage \d+\.\d+\.\d+/);
    expect(info).toContain('redacted');
    // A viewer has nothing live to control.
    expect(await panel.clear(viewer).count()).toBe(0);
    expect(await panel.recordToggle(viewer).count()).toBe(0);

    const row = panel.connectionRow(viewer, 'case=export');
    expect(await frameCount(panel.cell(row, 'sent'))).toBe(2);
    expect(await frameCount(panel.cell(row, 'received'))).toBe(2);
    await row.click();
    await expect.poll(() => panel.frameRows(viewer).count()).toBe(4);
    expect(await panel.frameRows(viewer).first().textContent()).toContain('[REDACTED]');

    // A malformed file: a clear error naming the place, and nothing else changes.
    const bad = JSON.parse(sessionFile.text) as { connections: { frames: { time: unknown }[] }[] };
    bad.connections[0]!.frames[1]!.time = 'soon';
    await panel.importInput(viewer).setInputFiles({ name: 'broken.wstriage.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await expect.poll(() => panel.importError(viewer).count()).toBe(1);
    const error = (await panel.importError(viewer).textContent()) ?? '';
    expect(error).toContain('broken.wstriage.json');
    expect(error).toContain('connections[0].frames[1].time');
    expect(await panel.importError(viewer).getAttribute('role')).toBe('alert');
    expect(await panel.viewTabs(viewer).count()).toBe(1);
    expect(await panel.frameRows(viewer).count()).toBe(4);
    expect(await panel.importProgress(viewer).count()).toBe(0);

    await panel.importInput(viewer).setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
    await expect.poll(async () => (await panel.importError(viewer).textContent()) ?? '').toContain('not valid JSON');

    // The HAR, dropped onto the panel between two bad files: each bad one is named, the good one opens.
    await viewer.evaluate(
      ({ name, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['{"format": '], 'first-bad.json', { type: 'application/json' }));
        dt.items.add(new File([text], name, { type: 'application/json' }));
        dt.items.add(new File(['[]'], 'last-bad.json', { type: 'application/json' }));
        const target = document.querySelector('.app')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { name: harFile.name, text: harFile.text },
    );
    await expect.poll(async () => (await panel.importError(viewer).textContent()) ?? '').toContain('last-bad.json');
    expect(await panel.viewTabs(viewer).count()).toBe(2);
    const errors = (await panel.importError(viewer).textContent()) ?? '';
    expect(errors).toContain('Could not open first-bad.json');
    expect(errors).not.toContain(harFile.name);
    expect(await panel.importInfo(viewer).textContent()).toContain(harFile.name);
    await panel.importError(viewer).getByRole('button', { name: 'Dismiss' }).click();
    expect(await panel.importError(viewer).count()).toBe(0);
    expect(await frameCount(panel.cell(panel.connectionRow(viewer, 'case=export'), 'received'))).toBe(2);
    await panel.closeView(viewer, harFile.name).click();
    expect(await panel.viewTabs(viewer).count()).toBe(1);
    expect(await panel.importInfo(viewer).textContent()).toContain(sessionFile.name);
  });

  it('imports a big file off the main thread, with a progress bar', async () => {
    const big = JSON.parse(sessionFile.text) as { connections: { url: string; frames: Record<string, unknown>[]; stats?: unknown }[] };
    const echo = big.connections.find((c) => c.url.includes('case=export'))!;
    delete echo.stats; // counted from the frames on import
    const frame = echo.frames[1]!;
    const start = frame.time as number;
    echo.frames = Array.from({ length: 200_000 }, (_, i) => ({ ...frame, time: start + i, data: `frame ${i} ${'x'.repeat(40)}` }));
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(15_000_000);
    await viewer.bringToFront();
    await panel.importInput(viewer).setInputFiles({ name: 'big.wstriage.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    // A file chosen while the big one is read waits its turn (it used to be dropped without a word).
    await expect.poll(() => panel.importProgress(viewer).count()).toBe(1);
    await panel.importInput(viewer).setInputFiles({ name: 'queued.wstriage.json', mimeType: 'application/json', buffer: Buffer.from(sessionFile.text) });
    // The panel answers while the file is read and checked.
    let sawProgress = false;
    let slowest = 0;
    for (let i = 0; i < 200 && (await panel.viewTabs(viewer).count()) < 2; i++) {
      const t = Date.now();
      sawProgress = (await panel.importProgress(viewer).count()) === 1 || sawProgress;
      slowest = Math.max(slowest, Date.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sawProgress).toBe(true);
    expect(slowest).toBeLessThan(1000);
    await expect.poll(() => panel.viewTabs(viewer).count()).toBe(3);
    expect(await panel.importProgress(viewer).count()).toBe(0);
    await panel.viewTab(viewer, /big\.wstriage\.json/).click();
    expect(await frameCount(panel.cell(panel.connectionRow(viewer, 'case=export'), 'sent'))).toBe(200_000);
  });

  it('includes secrets only after the confirmation', async () => {
    // The live session was untouched by the viewer's imports.
    expect(await panel.connectionRows(live).count()).toBe(2);
    expect(await panel.viewTabs(live).count()).toBe(0);
    await live.bringToFront();

    await panel.includeSecrets(live).click();
    await expect.poll(() => panel.confirmDialog(live).count()).toBe(1);
    expect(await panel.confirmDialog(live).textContent()).toMatch(/tokens.*cookies/is);
    await panel.confirmButton(live, 'Cancel').click();
    expect(await panel.confirmDialog(live).count()).toBe(0);
    expect(await panel.includeSecrets(live).isChecked()).toBe(false);
    const still = await download(live, () => panel.exportSession(live).click());
    expect((JSON.parse(still.text) as { redacted: boolean }).redacted).toBe(true);
    expect(still.text).not.toContain(JWT);

    await panel.includeSecrets(live).click();
    await panel.confirmButton(live, 'Include secrets').click();
    expect(await panel.confirmDialog(live).count()).toBe(0);
    expect(await panel.includeSecrets(live).isChecked()).toBe(true);
    const full = await download(live, () => panel.exportSession(live).click());
    expect((JSON.parse(full.text) as { redacted: boolean }).redacted).toBe(false);
    expect(full.text).toContain(JWT);
    expect(full.text).toContain(PASSWORD);
    const fullHar = await download(live, () => panel.exportHar(live).click());
    expect(fullHar.text).toContain(JWT);

    // Off again in a new panel.
    const again = await env.browser.openPopout(await env.browser.tabIdOf(env.browser.context.pages().find((p) => p.url().includes('/inline'))!));
    await expect.poll(() => panel.connectionRows(again).count(), { timeout: 10_000 }).toBe(2);
    expect(await panel.includeSecrets(again).isChecked()).toBe(false);
    await again.close();
  });
});
