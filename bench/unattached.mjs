// The echo loop of bench.mjs section 1 in pages that no automation is attached to.
//
// Playwright attaches the DevTools protocol to every page it drives, with the Network domain on:
// Chromium then serializes an event for every WebSocket frame and the harness parses it (measured:
// the page's echo loop runs at ~7,000 msg/s attached, ~15,000 unattached on the same machine). It
// also attaches to the extension's worker. A user's page has none of that, so the budgets are
// judged here: pages are opened with Target.createTarget from a browser-level session
// (puppeteer-core's targetFilter keeps it from attaching to them), and each page takes its one
// command from, and returns its result over, a control WebSocket of its own.
import puppeteer from 'puppeteer-core';
import { WebSocketServer } from 'ws';
import { echoScript } from './echo.mjs';

const HELLO_TIMEOUT_MS = 15_000;

/**
 * @param {{ chromiumPath: string, quietFlags: string[], server: { pageUrl: (html: string) => string, wsOrigin: string }, extensionDir: string, eventType: string | null }} options
 */
export async function launchUnattachedPair({ chromiumPath, quietFlags, server, extensionDir, eventType }) {
  const control = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => control.once('listening', resolve));
  const controlUrl = `ws://127.0.0.1:${control.address().port}`;
  /** @type {Map<string, (socket: import('ws').WebSocket) => void>} */
  const hellos = new Map();
  control.on('connection', (socket, request) => {
    const run = new URL(request.url ?? '/', 'http://x').searchParams.get('run') ?? '';
    hellos.get(run)?.(socket);
  });
  const pageUrl = server.pageUrl(`<script>${echoScript(eventType)}
    const ctl = new WebSocket(${JSON.stringify(controlUrl)} + '/?run=' + new URLSearchParams(location.search).get('run'));
    ctl.onmessage = async (e) => {
      const [t, f, s, b, type, reads] = JSON.parse(e.data);
      const rate = await window.run(${JSON.stringify(`${server.wsOrigin}/echo`)}, t, f, s, b, type, reads);
      ctl.send(JSON.stringify({ rate, hookEvents: window.hookEvents }));
    };</script>`);

  const launch = (extension) =>
    puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      pipe: true,
      args: ['--no-sandbox', ...quietFlags],
      ...(extension ? { enableExtensions: [extension] } : {}),
      targetFilter: (target) => target.type() !== 'page',
      waitForInitialPage: false,
    });
  const browsers = [];
  let runs = 0;
  const driver = async (extension) => {
    const browser = await launch(extension);
    browsers.push(browser);
    const session = await browser.target().createCDPSession();
    /** One fresh page per run, as a new tab would be; opened again if it never says hello. */
    const run = async (s) => {
      for (let attempt = 1; ; attempt++) {
        const id = String(++runs);
        const hello = new Promise((resolve) => hellos.set(id, resolve));
        const { targetId } = await session.send('Target.createTarget', { url: `${pageUrl}&run=${id}` });
        const socket = await Promise.race([hello, new Promise((resolve) => setTimeout(resolve, HELLO_TIMEOUT_MS, null))]);
        hellos.delete(id);
        if (!socket) {
          await session.send('Target.closeTarget', { targetId }).catch(() => undefined);
          if (attempt < 3) continue;
          throw new Error('an unattached echo page never connected to the control socket');
        }
        const reply = new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
        socket.send(JSON.stringify([s.total, s.inFlight, s.size, s.binary, s.binaryType, s.readsData]));
        const result = await reply;
        await session.send('Target.closeTarget', { targetId });
        return result;
      }
    };
    return { browser, run };
  };
  const withExt = await driver(extensionDir);
  const plain = await driver(null);

  /** The user's "Whole binary frames" setting, written by the extension's worker (then detached). */
  const setWholeBinaryFrames = async (whole) => {
    const target = await withExt.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
    const worker = await target.createCDPSession();
    await worker.send('Runtime.evaluate', {
      expression: `chrome.storage.local.set({ captureSettings: { wholeBinaryFrames: ${whole ? 'true' : 'false'} } })`,
      awaitPromise: true,
    });
    await worker.detach();
  };
  const close = async () => {
    for (const browser of browsers) await browser.close();
    await new Promise((resolve) => control.close(resolve));
  };
  return { withExt, plain, setWholeBinaryFrames, close, version: await withExt.browser.version() };
}
