// Firefox's hook overhead (issue 7, reported without a budget): the echo loop of bench.mjs
// section 1, both scenarios (and, like Chromium's reported rows, Blob echoes and a page that
// reads each echo), in Firefox ESR with the extension (installed as a temporary add-on,
// as test/support/firefox.ts does) and in a Firefox ESR without it, interleaved pairs.
// puppeteer-core drives Firefox over WebDriver BiDi.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { BLOB_SCENARIO, READING_SCENARIO, SCENARIOS, echoScript, hookEventType, hookFileOf, interleaved, median } from './echo.mjs';
import { QUIET_PREFS } from '../test/support/firefox-prefs.mjs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Both Firefox ESRs: with the extension installed from `extensionDir`, and without. */
export async function launchFirefoxPair(extensionDir) {
  const launch = () =>
    puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      // The same launch as the e2e tests' (it lets BiDi evaluate in the browser window; unused here).
      args: ['--remote-allow-system-access'],
      protocolTimeout: 120_000,
      extraPrefsFirefox: QUIET_PREFS,
    });
  const withExt = await launch();
  try {
    await withExt.installExtension(extensionDir);
  } catch (error) {
    await withExt.close();
    throw error;
  }
  // The baseline is launched the same way, only without the extension.
  const plain = await launch();
  return { withExt, plain, version: await plain.version() };
}

/**
 * @param {{ firefox: Awaited<ReturnType<typeof launchFirefoxPair>>, extensionDir: string, server: import('../test/support/server.mjs').TestServer, pairs: number, round: (x: number, d?: number) => number }} options
 */
export async function benchFirefoxOverhead({ firefox, extensionDir, server, pairs, round }) {
  const eventType = hookEventType(hookFileOf(extensionDir));
  const pageUrl = server.pageUrl(`<script>${echoScript(eventType)}</script>`);
  let hookEventsSeen = 0;

  async function throughput(browser, s, hooked) {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const rate = await page.evaluate((u, t, f, n, b, type, reads) => window.run(u, t, f, n, b, type, reads), `${server.wsOrigin}/echo`, s.total, s.inFlight, s.size, s.binary, s.binaryType, s.readsData);
    const events = await page.evaluate(() => window.hookEvents);
    if (hooked) hookEventsSeen += events;
    else if (events > 0) throw new Error('the hook ran in the Firefox without the extension');
    await page.close();
    return rate;
  }

  // Content scripts are registered a moment after the add-on is installed: one page first.
  const warm = await firefox.withExt.newPage();
  await warm.goto(server.pageUrl('<p>warm-up</p>'));
  await warm.close();

  const out = [];
  for (const s of [...SCENARIOS, BLOB_SCENARIO, READING_SCENARIO]) {
    const warmUp = { ...s, total: Math.min(2000, s.total), inFlight: Math.min(50, s.inFlight) };
    await throughput(firefox.withExt, warmUp, true);
    await throughput(firefox.plain, warmUp, false);
    const { a, b, ratio } = await interleaved(
      pairs,
      () => throughput(firefox.withExt, s, true),
      () => throughput(firefox.plain, s, false),
    );
    out.push({
      scenario: s.name, pairs, withExtensionMsgPerSec: round(median(a), 0), withoutMsgPerSec: round(median(b), 0), ratio: round(ratio, 3),
      runsWith: a.map((x) => round(x, 0)), runsWithout: b.map((x) => round(x, 0)),
    });
    console.log(`firefox ${s.name}: with ${round(median(a), 0)}/s, without ${round(median(b), 0)}/s, ratio ${round(ratio, 3)}`);
  }
  if (eventType && hookEventsSeen === 0) throw new Error('the hook never ran in the Firefox with the extension: the ratio would mean nothing');
  return { scenarios: out, hookEventsSeen };
}

export function firefoxAvailable() {
  return existsSync(FIREFOX_PATH);
}
