/**
 * Real WebSocket libraries against their real servers (test/support/library-servers.mjs):
 * socket.io, graphql-ws, partysocket and @stomp/stompjs. Each page (test/fixtures/pages/
 * lib-*.html, client builds served from node_modules at /vendor/) runs a scenario and
 * lists its application-level results: connects, events, acks, subscription results,
 * reconnects, closes. The tests check that
 *  - the results are the same with WS Triage as without it (plain Chromium), and as expected;
 *  - the panel shows, for every connection the server accepted, exactly the message frames
 *    the server counted on its `ws` socket (Sent = what the server received, and back).
 */
import type { Browser, Page } from 'playwright';
import { chromium } from 'playwright';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../support/chromium';
import { CHROMIUM_PATH, QUIET_FLAGS, launchChromium } from '../support/chromium';
import type { FirefoxBrowser, PanelView } from '../support/firefox';
import { launchFirefox, launchPlainFirefox, skipFirefox } from '../support/firefox';
import type { CountedConnection, LibraryServers } from '../support/library-servers.mjs';
import { startLibraryServers } from '../support/library-servers.mjs';
import { frameCount, frameCountOf, panel, readConnections } from '../support/panel';
import type { TestServer } from '../support/server.mjs';
import { startServer } from '../support/server.mjs';

/** Generous: the machine has 2 cores and other engineers run browsers on it. */
const POLL = { timeout: 30_000, interval: 200 };
const SCENARIO_MS = 30_000;

interface Library {
  name: string;
  /** test/fixtures/pages/<page>.html */
  page: string;
  /** The ws:// URL the page's client connects to. */
  server: (servers: LibraryServers) => string;
  /** Connections the scenario makes. */
  connections: number;
  /** The page's application-level results, in order. */
  expected: string[];
  /** The server's application-level counters (its own hooks), and what one run adds to them. */
  app?: { read: (servers: LibraryServers) => Record<string, number>; perRun: Record<string, number> };
}

const LIBRARIES: Library[] = [
  {
    name: 'socket.io',
    page: 'lib-socketio',
    server: (s) => s.socketIo,
    connections: 1,
    expected: [
      'connect websocket',
      'welcome hi',
      'ack hello triage',
      'tick 1',
      'tick 2',
      'tick 3',
      'ack counted 3',
      'binary-echo 250,3,2,1',
      'ack 4',
      'disconnect io client disconnect',
    ],
    app: { read: (s) => s.socketIoApp, perRun: { connections: 1, acks: 3 } },
  },
  {
    name: 'graphql-ws',
    page: 'lib-graphql-ws',
    server: (s) => s.graphqlWs,
    connections: 1,
    expected: [
      'connected',
      'query next {"data":{"hello":"hello triage"}}',
      'query complete',
      'fail next {"data":{"fail":null},"errors":[{"message":"boom","locations":[{"line":1,"column":3}],"path":["fail"]}]}',
      'fail complete',
      'subscription next {"data":{"countdown":3}}',
      'subscription next {"data":{"countdown":2}}',
      'subscription next {"data":{"countdown":1}}',
      'subscription next {"data":{"countdown":0}}',
      'subscription complete',
      'iterate {"data":{"greetings":"hi"}}',
      'iterate {"data":{"greetings":"hello"}}',
      'closed 1000 Normal Closure',
    ],
    // useServer's hooks: 4 operations, 8 results (1 + 1 + 4 + 2), all completed.
    app: { read: (s) => s.graphqlApp, perRun: { connects: 1, subscribes: 4, nexts: 8, completes: 4, closes: 1 } },
  },
  {
    name: 'partysocket',
    page: 'lib-partysocket',
    server: (s) => s.party,
    // The server drops the first connection (TCP reset); partysocket reconnects.
    connections: 2,
    expected: ['open', 'message welcome #1', 'message pong', 'close 1006', 'open', 'message welcome #2', 'message pong', 'close 1000'],
  },
  {
    name: '@stomp/stompjs',
    page: 'lib-stomp',
    server: (s) => s.stomp,
    connections: 1,
    expected: [
      'connected 1.2',
      'receipt sub',
      'news hello stomp',
      'receipt first',
      'news bytes 0,1,254,255',
      'receipt second',
      'disconnected',
      'websocket close 1005',
    ],
  },
];

interface ScenarioWindow {
  done?: boolean;
  results?: string[];
}

let server: TestServer;
let libs: LibraryServers;
let runs = 0;

beforeAll(async () => {
  [server, libs] = await Promise.all([startServer(), startLibraryServers()]);
});
afterAll(async () => {
  await libs?.close();
  await server?.close();
});

/** A fresh run id (the `run` query parameter of every socket of one page) and its page URL. */
function scenario(lib: Library, browser: string): { run: string; url: string } {
  const run = `${lib.page}.${browser}.${++runs}.${Math.random().toString(36).slice(2, 8)}`;
  const query = new URLSearchParams({ server: lib.server(libs), run });
  return { run, url: `${server.origin}/pages/${lib.page}.html?${query}` };
}

/** The server's application-level counters before a run. */
const appBefore = (lib: Library): Record<string, number> => ({ ...lib.app?.read(libs) });

/**
 * The server's connections of one run, once the server has seen all of them close; and
 * what the run added to the server's application-level counters.
 */
async function serverConnections(lib: Library, run: string, before: Record<string, number>): Promise<CountedConnection[]> {
  const mine = (): CountedConnection[] => libs.connections.filter((c) => c.url.includes(`run=${encodeURIComponent(run)}`));
  await expect.poll(() => mine().filter((c) => c.closed).length, POLL).toBe(lib.connections);
  const list = mine();
  expect(list).toHaveLength(lib.connections);
  for (const c of list) expect(c.sent + c.received).toBeGreaterThan(0);
  if (lib.app) {
    const app = lib.app;
    const added = (): Record<string, number> =>
      Object.fromEntries(Object.entries(app.read(libs)).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    await expect.poll(added, POLL).toEqual(app.perRun);
  }
  return list;
}

/** Waits for the page's scenario to finish; its results (or what there was when it timed out). */
async function resultsOf(page: { evaluate<R>(fn: () => R): Promise<R> }, waitForDone: () => Promise<unknown>): Promise<string[]> {
  const results = (): Promise<string[] | null> => page.evaluate(() => (window as ScenarioWindow).results ?? null);
  try {
    await waitForDone();
  } catch (error) {
    throw new Error(`scenario did not finish; results so far: ${JSON.stringify(await results().catch(() => null))}`, { cause: error });
  }
  return (await results()) ?? [];
}

describe('real WebSocket libraries in Chromium', () => {
  let plain: Browser;
  let extension: ExtensionBrowser;
  const pages: Page[] = [];

  beforeAll(async () => {
    plain = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS });
    extension = await launchChromium();
  });
  afterAll(async () => {
    await extension?.close();
    await plain?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
  });

  async function runIn(open: () => Promise<Page>, url: string): Promise<{ page: Page; results: string[] }> {
    const page = await open();
    pages.push(page);
    await page.goto(url);
    const results = await resultsOf(page, () =>
      page.waitForFunction(() => (window as ScenarioWindow).done === true, undefined, { timeout: SCENARIO_MS }),
    );
    return { page, results };
  }

  for (const lib of LIBRARIES) {
    it(`${lib.name}: the same results with and without WS Triage, and every frame in the panel`, async () => {
      // Without the extension: the reference.
      const without = scenario(lib, 'chromium-plain');
      let before = appBefore(lib);
      const reference = await runIn(() => plain.newPage(), without.url);
      expect(reference.results).toEqual(lib.expected);
      await serverConnections(lib, without.run, before);

      const withExt = scenario(lib, 'chromium-ext');
      before = appBefore(lib);
      const { page, results } = await runIn(() => extension.context.newPage(), withExt.url);
      expect(results).toEqual(reference.results);
      const counted = await serverConnections(lib, withExt.run, before);

      const p = await extension.openPopout(await extension.tabIdOf(page));
      pages.push(p);
      await expect.poll(() => panel.connectionRows(p).filter({ hasText: `run=${withExt.run}` }).count(), POLL).toBe(counted.length);
      for (const c of counted) {
        const row = panel.connectionRow(p, c.url);
        await expect.poll(() => frameCount(panel.cell(row, 'sent')), POLL).toBe(c.received);
        await expect.poll(() => frameCount(panel.cell(row, 'received')), POLL).toBe(c.sent);
      }
    });
  }
});

describe.skipIf(skipFirefox())('real WebSocket libraries in Firefox ESR', () => {
  let plain: PuppeteerBrowser;
  let firefox: FirefoxBrowser;
  const pages: PuppeteerPage[] = [];

  beforeAll(async () => {
    plain = await launchPlainFirefox();
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
    await plain?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
  });

  async function runIn(open: () => Promise<PuppeteerPage>, url: string): Promise<{ page: PuppeteerPage; results: string[] }> {
    const page = await open();
    pages.push(page);
    await page.goto(url);
    const results = await resultsOf(page, () =>
      page.waitForFunction(() => (window as ScenarioWindow).done === true, { timeout: SCENARIO_MS }),
    );
    return { page, results };
  }

  const sentReceived = async (view: PanelView, url: string): Promise<string> => {
    const row = (await view.run(readConnections, null)).find((r) => r.url.includes(url));
    return row ? `${frameCountOf(row.sent)} / ${frameCountOf(row.received)}` : 'no row';
  };

  for (const lib of LIBRARIES) {
    it(`${lib.name}: the same results with and without WS Triage, and every frame in the panel`, async () => {
      const without = scenario(lib, 'firefox-plain');
      let before = appBefore(lib);
      const reference = await runIn(() => plain.newPage(), without.url);
      expect(reference.results).toEqual(lib.expected);
      await serverConnections(lib, without.run, before);

      const { run, url } = scenario(lib, 'firefox-ext');
      before = appBefore(lib);
      const { page, results } = await runIn(() => firefox.newPage(), url);
      expect(results).toEqual(reference.results);
      const counted = await serverConnections(lib, run, before);

      const view = await firefox.openPopout(await firefox.tabIdOf(page));
      pages.push(view.page);
      await expect
        .poll(async () => (await view.run(readConnections, null)).filter((r) => r.url.includes(`run=${run}`)).length, POLL)
        .toBe(counted.length);
      for (const c of counted) {
        // "panel Sent / panel Received" = "server received / server sent"
        await expect.poll(() => sentReceived(view, c.url), POLL).toBe(`${c.received} / ${c.sent}`);
      }
    });
  }
});
