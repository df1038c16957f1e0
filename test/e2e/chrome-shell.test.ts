/**
 * The panel's shell in the Chromium pop-out: theme, keyboard, split pane, timeline, an
 * axe accessibility check in both themes, empty and edge states, and screenshots of the
 * main views compared with baselines in test/e2e/__screenshots__/ (deterministic: a
 * fixed session file imported into the viewer). UPDATE_SCREENSHOTS=1 rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import { panel } from '../support/panel';
import { startServer } from '../support/server.mjs';
import { makeShellSession } from '../fixtures/shell/make-shell-session';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = resolve('test/e2e/__screenshots__');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const VIEWPORT = { width: 1200, height: 760 };

let server: Awaited<ReturnType<typeof startServer>>;
let browser: ExtensionBrowser;
let viewer: Page;
let sessionPath: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const dir = await mkdtemp(join(tmpdir(), 'ws-triage-shell-'));
  sessionPath = join(dir, 'shell.wstriage.json');
  writeFileSync(sessionPath, makeShellSession());
  viewer = await browser.openPopout(null);
  await viewer.setViewportSize(VIEWPORT);
  await viewer.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await panel.importInput(viewer).setInputFiles(sessionPath);
  await panel.connectionRows(viewer).nth(7).waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const background = (p: Page): Promise<string> => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
const themeOf = (p: Page): Promise<string | undefined> => p.evaluate(() => document.documentElement.dataset.theme);

async function selectRow(p: Page, urlPart: string): Promise<void> {
  await panel.connectionRow(p, urlPart).click();
  await expect.poll(() => panel.selectedConnectionRow(p).textContent()).toContain(urlPart);
}

/** No hover or focus ring in a screenshot. */
async function settle(p: Page): Promise<void> {
  await p.mouse.move(0, VIEWPORT.height - 1);
  await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  // Two animation frames: the timeline paints in the next one.
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function axeViolations(p: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(AXE);
  return p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: object, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ include: [['html']] }, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/** Compares a screenshot with its baseline: per-pixel colour threshold (antialiasing), and a small share of pixels. */
async function compareScreenshot(p: Page, name: string): Promise<void> {
  await settle(p);
  // The frame list (filter bar, frames, payload) has its own tests and changes on its own: masked here.
  const actual = PNG.sync.read(await p.screenshot({ mask: [p.locator('.detail-panel:not([hidden]) > .messages')], maskColor: '#808080' }));
  const file = join(SCREENSHOTS, `${name}.png`);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(file, PNG.sync.write(actual));
    if (!UPDATE) console.warn(`wrote missing baseline ${file}`);
    return;
  }
  const expected = PNG.sync.read(readFileSync(file));
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
  const diff = new PNG({ width: actual.width, height: actual.height });
  const changed = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.2, includeAA: false });
  const share = changed / (actual.width * actual.height);
  if (share > 0.005) {
    mkdirSync(resolve('artifacts'), { recursive: true });
    writeFileSync(resolve('artifacts', `${name}.actual.png`), PNG.sync.write(actual));
    writeFileSync(resolve('artifacts', `${name}.diff.png`), PNG.sync.write(diff));
  }
  expect(share, `${name}: ${changed} pixels differ (see artifacts/${name}.diff.png; UPDATE_SCREENSHOTS=1 to accept)`).toBeLessThanOrEqual(0.005);
}

describe('panel shell in Chromium', () => {
  it('follows the theme: data-theme and the colours change (prefers-color-scheme in the pop-out)', async () => {
    await viewer.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => themeOf(viewer)).toBe('light');
    const light = await background(viewer);
    expect(light).toBe('rgb(255, 255, 255)');
    await viewer.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => themeOf(viewer)).toBe('dark');
    await expect.poll(() => background(viewer)).toBe('rgb(32, 33, 36)');
    await viewer.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => themeOf(viewer)).toBe('light');
  });

  it('keyboard: arrows and Enter select connections, / and Escape drive the frame filter', async () => {
    const rows = panel.connectionRows(viewer);
    await rows.first().click();
    await expect.poll(() => rows.first().getAttribute('aria-selected')).toBe('true');
    await viewer.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => viewer.evaluate(() => document.activeElement?.getAttribute('data-connection-id'))).toBe(await rows.nth(1).getAttribute('data-connection-id'));
    await viewer.keyboard.press('End');
    await expect.poll(() => rows.last().getAttribute('aria-selected')).toBe('true');
    await viewer.keyboard.press('ArrowUp');
    await viewer.keyboard.press('ArrowUp');
    await expect.poll(() => rows.nth(5).getAttribute('aria-selected')).toBe('true');
    // Enter on a focused (not selected) row selects it.
    await rows.nth(2).focus();
    await viewer.keyboard.press('Enter');
    await expect.poll(() => rows.nth(2).getAttribute('aria-selected')).toBe('true');

    {
      await rows.nth(0).click();
      await viewer.keyboard.press('/');
      await expect.poll(() => viewer.evaluate(() => document.activeElement?.id)).toBe('frame-filter');
      await viewer.keyboard.type('tick');
      await viewer.keyboard.press('Escape');
      await expect.poll(() => panel.frameFilterInput(viewer).inputValue()).toBe('');
      await viewer.keyboard.press('Escape');
      await expect.poll(() => viewer.evaluate(() => document.activeElement?.id ?? '')).not.toBe('frame-filter');
      await rows.nth(0).focus();
      await viewer.keyboard.press('Control+f');
      await expect.poll(() => viewer.evaluate(() => document.activeElement?.id)).toBe('frame-filter');
      await viewer.keyboard.press('Escape');
      // From the Handshake tab, where no filter shows (Messages is kept, hidden): the shortcut opens Messages and its filter.
      for (const key of ['/', 'Control+f']) {
        await panel.detailTab(viewer, 'Handshake').click();
        expect(await panel.frameFilterInput(viewer).isVisible()).toBe(false);
        await viewer.keyboard.press(key);
        await expect.poll(() => viewer.evaluate(() => document.activeElement?.id)).toBe('frame-filter');
        expect(await panel.detailTab(viewer, 'Messages').getAttribute('aria-selected')).toBe('true');
        await viewer.keyboard.press('Escape');
      }
    }
  });

  it('resizes the split with the keyboard and remembers the size', async () => {
    const separator = panel.splitSeparator(viewer);
    await separator.focus();
    // The table is as tall as its rows here: the separator reports that share, and moves from it.
    const before = Number(await separator.getAttribute('aria-valuenow'));
    await viewer.keyboard.press('ArrowUp');
    await viewer.keyboard.press('ArrowUp');
    await expect.poll(async () => Number(await separator.getAttribute('aria-valuenow'))).toBe(before - 10);
    expect(Number(await viewer.evaluate(() => localStorage.getItem('ws-triage:split:connections')))).toBeCloseTo((before - 10) / 100, 2);
    await viewer.keyboard.press('ArrowDown');
    await viewer.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await separator.getAttribute('aria-valuenow'))).toBe(before);
  });

  it('sizes the connections table to its rows, up to its share of the split, and gives the rest to the detail', async () => {
    const separator = panel.splitSeparator(viewer);
    const pane = viewer.locator('.split-first');
    const sizes = () =>
      pane.evaluate((el) => ({ pane: el.getBoundingClientRect().height, rows: el.querySelector('table')!.getBoundingClientRect().height }));
    await separator.focus();
    await viewer.keyboard.press('End');
    // Its share is now the most it may take: the pane ends where its last row does, with no empty
    // space, and the separator reports the share the rows take, not the ceiling.
    await expect.poll(() => viewer.evaluate(() => localStorage.getItem('ws-triage:split:connections'))).toBe('0.9000');
    const fitted = await sizes();
    expect(Math.abs(fitted.pane - fitted.rows), JSON.stringify(fitted)).toBeLessThanOrEqual(1);
    const reported = Number(await separator.getAttribute('aria-valuenow'));
    const actual = await viewer.locator('.split-pane').evaluate((el) => Math.round(((el.firstElementChild as HTMLElement).offsetHeight / el.clientHeight) * 100));
    expect(reported).toBe(actual);
    expect(reported).toBeLessThan(60);
    // A share smaller than the rows: the pane takes the share and scrolls its rows.
    for (let i = 0; i < 30; i++) await viewer.keyboard.press('ArrowUp');
    await expect.poll(async () => Number(await separator.getAttribute('aria-valuenow'))).toBe(10);
    const cut = await sizes();
    expect(cut.pane, JSON.stringify(cut)).toBeLessThan(cut.rows - 20);
    await viewer.evaluate(() => localStorage.removeItem('ws-triage:split:connections'));
    await viewer.reload();
    await panel.importInput(viewer).setInputFiles(sessionPath);
    await panel.connectionRows(viewer).nth(7).waitFor({ timeout: 15_000 });
  });

  it('timeline: one lane per connection, the reconnect group labelled, a dragged range sets the frame filter', async () => {
    await expect.poll(() => panel.timelineLanes(viewer).count()).toBe(await panel.connectionRows(viewer).count());
    await expect.poll(() => panel.timelineGroups(viewer).allTextContents()).toEqual([expect.stringMatching(/^5 attempts · exponential · 500 ms, 1 s, 2 s, 4 s$/)]);
    const box = (await panel.timelineCanvas(viewer).boundingBox())!;
    const y = box.y + 18 + 9; // the first lane, under the axis
    await viewer.mouse.move(box.x + box.width * 0.2, y);
    await viewer.mouse.down();
    await viewer.mouse.move(box.x + box.width * 0.5, y, { steps: 4 });
    await viewer.mouse.up();
    const range = panel.timelineRange(viewer);
    await expect.poll(() => range.count()).toBe(1);
    const from = Number(await range.getAttribute('data-from'));
    const to = Number(await range.getAttribute('data-to'));
    expect(to).toBeGreaterThan(from);
    expect(await range.textContent()).toMatch(/Frames from .+ to .+/);
    await panel.timelineButton(viewer, 'Clear range').click();
    await expect.poll(() => range.count()).toBe(0);
    // Zoom buttons change the shown span; Fit restores it.
    const label = () => panel.timelineCanvas(viewer).getAttribute('aria-label');
    const whole = await label();
    await panel.timelineButton(viewer, 'Zoom in').click();
    await expect.poll(label).not.toBe(whole);
    await panel.timelineButton(viewer, 'Fit all').click();
    await expect.poll(label).toBe(whole);
    // The canvas appeared after the viewer opened (with the imported connections): it still follows
    // the panel's size, and the wheel over it zooms instead of scrolling the panel.
    // The canvas's pixels match its box (the page's device pixel ratio is 1): painted at its new size, not stretched.
    const paintedWidth = () =>
      panel.timelineCanvas(viewer).evaluate((c: HTMLCanvasElement) => (c.width === c.clientWidth && c.height === c.clientHeight ? c.clientWidth : -1));
    await viewer.setViewportSize({ width: 800, height: VIEWPORT.height });
    try {
      // -1 until it is painted at its new size.
      await expect.poll(async () => { const w = await paintedWidth(); return w > 0 && w < 700; }, { timeout: 5000 }).toBe(true);
    } finally {
      await viewer.setViewportSize(VIEWPORT);
    }
    await expect.poll(paintedWidth, { timeout: 5000 }).toBeGreaterThan(700);
    const at = (await panel.timelineCanvas(viewer).boundingBox())!;
    await viewer.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await viewer.mouse.wheel(0, -200);
    await expect.poll(label).not.toBe(whole);
    await panel.timelineButton(viewer, 'Fit all').click();
    await expect.poll(label).toBe(whole);
  });

  it('has no serious or critical accessibility violations (axe), in light and dark', async () => {
    await selectRow(viewer, 'api.example.com/live');
    for (const scheme of ['light', 'dark'] as const) {
      await viewer.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => themeOf(viewer)).toBe(scheme);
      for (const tab of ['Messages', 'Handshake', 'Close'] as const) {
        await panel.detailTab(viewer, tab).click();
        expect(await axeViolations(viewer), `axe in ${scheme}, ${tab} tab`).toEqual([]);
      }
    }
    await panel.detailTab(viewer, 'Messages').click();
    await viewer.emulateMedia({ colorScheme: 'light' });
    // A short DevTools: the handshake overflows its tab, which must then be reachable by keyboard.
    await viewer.setViewportSize({ width: VIEWPORT.width, height: 420 });
    try {
      await panel.detailTab(viewer, 'Handshake').click();
      const tabPanel = viewer.getByRole('tabpanel', { name: /^Handshake/ });
      await expect.poll(() => tabPanel.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
      expect(await axeViolations(viewer), 'axe with the Handshake tab overflowing').toEqual([]);
      await tabPanel.focus();
      await viewer.keyboard.press('PageDown');
      await expect.poll(() => tabPanel.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    } finally {
      await viewer.setViewportSize(VIEWPORT);
      await panel.detailTab(viewer, 'Messages').click();
    }
  });

  it('main views look like their baselines (light, dark)', async () => {
    await selectRow(viewer, 'api.example.com/live');
    await panel.detailTab(viewer, 'Handshake').click();
    await viewer.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => themeOf(viewer)).toBe('light');
    await compareScreenshot(viewer, 'shell-light-handshake');
    await selectRow(viewer, '/feed');
    await panel.detailTab(viewer, 'Close').click();
    await viewer.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => themeOf(viewer)).toBe('dark');
    await compareScreenshot(viewer, 'shell-dark-closed');
    await viewer.emulateMedia({ colorScheme: 'light' });
    await panel.detailTab(viewer, 'Messages').click();
  });

  it('live tab: says what to do with no sockets, and shows a paused banner with Resume', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.pageUrl('<p>warm-up</p>'));
    await page.goto(server.pageUrl('<p>no sockets here</p>'));
    const p = await browser.openPopout(await browser.tabIdOf(page));
    await expect.poll(() => panel.noSockets(p).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => panel.reloadPage(p).count()).toBe(1);
    await panel.recordToggle(p).click();
    await expect.poll(() => panel.pausedBanner(p).count(), { timeout: 10_000 }).toBe(1);
    await panel.resumeRecording(p).click();
    await expect.poll(() => panel.pausedBanner(p).count(), { timeout: 10_000 }).toBe(0);
    expect(await axeViolations(p)).toEqual([]);
    await p.close();
    await page.close();
  });

  it('a page WS Triage never saw load suggests reloading it', async () => {
    // Content scripts do not run in data: URLs: the background never gets a hello.
    const worker = await browser.worker();
    const tabIds = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
    const before = new Set(await tabIds());
    const page = await browser.context.newPage();
    await page.goto('data:text/html,<p>loaded without WS Triage</p>');
    const tabId = (await tabIds()).find((id) => !before.has(id));
    expect(tabId).toBeDefined();
    const p = await browser.openPopout(tabId!);
    await expect.poll(() => panel.notHooked(p).count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.notHooked(p).textContent()).toContain('Reload the page to capture its sockets');
    await p.close();
    await page.close();
  });
});
