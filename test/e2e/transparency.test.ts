/**
 * "The hook never changes a page": the same page, served by the test server, runs the
 * checks of transparency/checks.js (written from the WHATWG WebSockets standard) in a
 * browser WITH the extension and in one WITHOUT it; the two results must be equal.
 * Chromium and Firefox ESR each compare against themselves. Keys starting with
 * "known:" are differences the browsers make impossible to remove (docs/reliability.md):
 * they are recorded, not compared.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PlaywrightPage, Browser as PlaywrightBrowser } from 'playwright';
import { chromium } from 'playwright';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { PAGE_EVENT_TYPE } from '../../src/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../support/chromium';
import { CHROMIUM_PATH, QUIET_FLAGS, launchChromium } from '../support/chromium';
import type { FirefoxBrowser } from '../support/firefox';
import { FIREFOX_PATH, launchFirefox, skipFirefox } from '../support/firefox';
import { startServer } from '../support/server.mjs';
import type { TestServer } from '../support/server.mjs';

type Results = Record<string, unknown>;

const CHECKS = readFileSync(resolve('test/e2e/transparency/checks.js'), 'utf8');
/**
 * The page; the checks become one of its own scripts (a <script> element added to it,
 * as a page's code would be: too long for a URL, so not inline).
 */
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>transparency</title></head><body><p>transparency checks</p></body></html>';
const RUN = (wsOrigin: string): string => `runTransparencyChecks(${JSON.stringify(wsOrigin)})`;

/** True once the hook reports a socket (its event to the bridge): proof it is installed. */
const PROBE = (wsOrigin: string): string => `new Promise((resolve) => {
  window.addEventListener(${JSON.stringify(PAGE_EVENT_TYPE)}, () => resolve(true), { once: true });
  new WebSocket(${JSON.stringify(wsOrigin + '/echo?t=probe')});
  setTimeout(() => resolve(false), 20000);
})`;

const compared = (r: Results, except: string[] = []): Results =>
  Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('known:') && !except.includes(k)));
const known = (r: Results): Results => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('known:')));

/** Values the standard fixes: a check returning undefined (or nothing) everywhere cannot pass. */
function expectStandard(r: Results, wsOrigin: string): void {
  expect(Object.keys(compared(r)).length).toBeGreaterThanOrEqual(40);
  const native = /^function WebSocket\(\) \{\s*\[native code\]\s*\}$/;
  expect(r['interface.typeof']).toBe('function');
  expect(r['interface.length']).toBe(1);
  expect(r['interface.name']).toBe('WebSocket');
  expect(r['interface.constants']).toEqual([
    ['CONNECTING', 0, 0],
    ['OPEN', 1, 1],
    ['CLOSING', 2, 2],
    ['CLOSED', 3, 3],
  ]);
  expect(r['interface.prototypeChain']).toEqual({
    ctorProtoIsEventTarget: true,
    protoProtoIsEventTargetProto: true,
    protoConstructor: true,
    protoOwnConstructor: true,
  });
  expect(r['toString.WebSocket']).toMatch(native);
  expect(r['toString.String(WebSocket)']).toMatch(native);
  expect(r['prototype.methods']).toEqual({ send: ['send', 1], close: ['close', 0] });
  expect(r['prototype.toStringTag']).toBe('WebSocket');
  expect(r['ctor.withoutNew']).toMatchObject({ threw: 'TypeError' });
  expect(r['ctor.badScheme']).toMatchObject({ threw: 'SyntaxError', isDOMException: true });
  expect(r['ctor.fragment']).toMatchObject({ threw: 'SyntaxError' });
  expect(r['ctor.duplicateProtocols']).toMatchObject({ threw: 'SyntaxError' });
  expect(r['ctor.protocolWithSpace']).toMatchObject({ threw: 'SyntaxError' });
  expect(r['ctor.urlToStringCalledOnce']).toBe(1);
  expect(r['ctor.protocolElementGetterCalledOnce']).toBe(1);
  expect(r['instance.attributes']).toMatchObject({
    readyState: 0, bufferedAmount: 0, extensions: '', protocol: '', binaryType: 'blob', handlers: [null, null, null, null], ownKeys: [],
  });
  expect(r['instance.identity']).toMatchObject({
    instanceofWebSocket: true, constructor: true, protoConstructor: true, objectToString: '[object WebSocket]',
  });
  expect(r['instance.sendWhileConnecting']).toEqual([expect.objectContaining({ threw: 'InvalidStateError' }), 0]);
  expect(r['instance.closeArguments']).toMatchObject({
    code999: { threw: 'InvalidAccessError' },
    code1001: { threw: 'InvalidAccessError' },
    code5000: { threw: 'InvalidAccessError' },
    reason124: { threw: 'SyntaxError' },
    reasonEuro41: { returned: 'undefined' },
    reasonEuro42: { threw: 'SyntaxError' },
    readyStateAfterClose: 2,
  });
  expect(r['instance.binaryType']).toEqual(['blob', 'arraybuffer', 'arraybuffer', 'arraybuffer', 'arraybuffer', 'blob', 'arraybuffer', 'arraybuffer', 'arraybuffer']);
  expect(r['instance.handlerSemantics']).toEqual([true, true, null, null, null, 'object', null, 'object', false]);
  expect(r['subclass.endToEnd']).toMatchObject({ instanceofSub: true, protoIsSubProto: true, subParent: true, hello: 'hello mine', echo: 'sub', close: [1000, true] });
  const events = r['live.events'] as { order: string[]; seen: Record<string, Record<string, unknown>>; states: unknown[] };
  expect(events.order).toEqual([
    'listener1:one', 'onmessage:one:true', 'listener2:one',
    'listener1:two', 'replaced:two', 'listener2:two',
    'listener1:three', 'listener2:three', 'readded:three',
  ]);
  expect(events.seen.message).toMatchObject({ isTrusted: true, targetIsWs: true, currentTargetIsWs: true, targetCtorIsWebSocket: true, origin: wsOrigin, data: 'one' });
  expect(events.seen.close).toMatchObject({ isTrusted: true, code: 4321, reason: 'bye ✓', wasClean: true });
  expect(events.states).toEqual([0, 1, 'chat.v1', '', 2, 3]);
  expect(r['live.binaryPayloads']).toMatchObject({ defaultIsBlob: true, blobBytes: [1, 2, 3, 250], isArrayBuffer: true, bufferBytes: [9, 8, 7], dataViewBytes: [6, 7], blobSentBytes: 'blob!' });
  expect(r['live.sendReadsNoPatchedGetters']).toEqual([]);
  expect(r['popup.toString']).toEqual([expect.stringMatching(native), expect.stringMatching(/^function send\(\) \{\s*\[native code\]\s*\}$/), expect.stringMatching(native)]);
  expect(r['iframe.immediate']).toMatchObject({ echo: 'hi', instanceofOther: true, instanceofTop: false });
  expect(r['window.reportedErrors']).toEqual([]);
}

function logKnown(browser: string, withExtension: Results, without: Results): void {
  console.log(`[transparency] ${browser}: known differences (with extension / without)`, JSON.stringify({ with: known(withExtension), without: known(without) }));
}

describe('transparency in Chromium: the same checks with and without the extension', () => {
  let server: TestServer;
  let extension: ExtensionBrowser;
  let plain: PlaywrightBrowser;

  beforeAll(async () => {
    server = await startServer();
    extension = await launchChromium();
    plain = await chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS, headless: true });
  });
  afterAll(async () => {
    await extension?.close();
    await plain?.close();
    await server?.close();
  });

  it('a page cannot tell the hook is there', async () => {
    const run = async (newPage: () => Promise<PlaywrightPage>): Promise<Results> => {
      const page = await newPage();
      try {
        await page.goto(server.pageUrl(PAGE));
        await page.addScriptTag({ content: CHECKS });
        return (await page.evaluate(RUN(server.wsOrigin))) as Results;
      } finally {
        await page.close();
      }
    };
    const withExtension = await run(() => extension.context.newPage());
    const without = await run(() => plain.newPage());
    logKnown('Chromium', withExtension, without);
    expect(compared(withExtension)).toEqual(compared(without));
    expectStandard(without, server.wsOrigin);
    // The hook really was there (or the comparison proves nothing).
    const page = await extension.context.newPage();
    await page.goto(server.pageUrl('<p>probe</p>'));
    expect(await page.evaluate(PROBE(server.wsOrigin))).toBe(true);
    await page.close();
  });
});

describe.skipIf(skipFirefox())('transparency in Firefox ESR: the same checks with and without the extension', () => {
  let server: TestServer;
  let firefox: FirefoxBrowser;
  let plain: PuppeteerBrowser;

  beforeAll(async () => {
    server = await startServer();
    firefox = await launchFirefox();
    plain = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocolTimeout: 60_000 });
  });
  afterAll(async () => {
    await firefox?.close();
    await plain?.close();
    await server?.close();
  });

  it('a page cannot tell the hook is there', async () => {
    const run = async (browser: PuppeteerBrowser): Promise<Results> => {
      const page = await browser.newPage();
      try {
        await page.goto(server.pageUrl(PAGE), { timeout: 30_000 });
        await page.addScriptTag({ content: CHECKS });
        return (await page.evaluate(RUN(server.wsOrigin))) as Results;
      } finally {
        await page.close();
      }
    };
    const withExtension = await run(firefox.browser);
    const without = await run(plain);
    logKnown('Firefox', withExtension, without);
    expect(compared(withExtension)).toEqual(compared(without));
    expectStandard(without, server.wsOrigin);
    const page = await firefox.newPage(server.pageUrl('<p>probe</p>'));
    expect(await page.evaluate(PROBE(server.wsOrigin))).toBe(true);
    await page.close();
  });
});
