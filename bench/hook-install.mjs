// What installing the hook costs a page (issue 7, reported): in fresh blank pages of a browser
// WITHOUT the extension, performance.now() around evaluating the built MAIN-world script's text
// (an indirect eval: compiled and run in the page's global scope, as the content script is).
// "cold": each page gets a unique copy of the text (a trailing comment), so nothing is reused
// from an earlier compile; "warm": the same text each time (a renderer may reuse its compile).
import { readFileSync } from 'node:fs';
import { median } from './echo.mjs';

export const INSTALL_PAGES = 25;

/**
 * @param {{ newPage: () => Promise<{ evaluate: Function, close: () => Promise<void> }>, hookFile: string, round: (x: number, d?: number) => number }} options
 */
export async function benchHookInstall({ newPage, hookFile, round }) {
  const text = readFileSync(hookFile, 'utf8');
  const once = async (source) => {
    const page = await newPage();
    const ms = await page.evaluate((src) => {
      const before = window.WebSocket;
      const t0 = performance.now();
      (0, eval)(src);
      const t1 = performance.now();
      // The hook replaces window.WebSocket: proof that it ran.
      return window.WebSocket === before ? -1 : t1 - t0;
    }, source);
    if (ms < 0) throw new Error('the hook did not install in a blank page');
    await page.close();
    return ms;
  };
  const cold = [];
  const warm = [];
  await once(text); // the browser's own first-page costs
  for (let i = 0; i < INSTALL_PAGES; i++) {
    cold.push(await once(`${text}\n// page ${i} ${Date.now()}`));
    warm.push(await once(text));
  }
  const r = (xs) => ({ medianMs: round(median(xs), 3), maxMs: round(Math.max(...xs), 3) });
  return { pages: INSTALL_PAGES, bytes: Buffer.byteLength(text), cold: r(cold), warm: r(warm) };
}
