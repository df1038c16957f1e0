// `npm run start:firefox`: builds the extension, serves the demo gallery (test/demo) and
// runs Firefox with dist/firefox loaded as a temporary add-on, through web-ext:
//
//   web-ext run --source-dir dist/firefox --firefox /usr/bin/firefox-esr --start-url http://127.0.0.1:8765/
//
// web-ext reloads the add-on when dist/firefox changes (e.g. `vite build --mode firefox
// --watch` in another terminal). Open DevTools (F12) on a demo page and pick the
// "WS Triage" tab. Ctrl+C stops Firefox and the demo server.
//
// Without a display (neither DISPLAY nor WAYLAND_DISPLAY) Firefox runs headless: the
// add-on is still installed and the gallery served, which checks that it loads.
//
// Environment: FIREFOX_PATH (default /usr/bin/firefox-esr), PORT (default 8765, or the
// next free port).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { banner, buildOrExit, freePort, ROOT } from './common.mjs';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WEB_EXT = join(ROOT, 'node_modules/.bin/web-ext');
const HAS_DISPLAY = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

// 1. A browser to run: fail before the build if there is none.
if (!existsSync(FIREFOX_PATH)) {
  banner([
    `Firefox not found at ${FIREFOX_PATH}.`,
    'Install it with:  sudo apt-get install -y firefox-esr',
    'or point FIREFOX_PATH at a Firefox (128 or later) binary.',
    'To use your own Firefox instead: npm run build, open about:debugging,',
    '"This Firefox" > "Load Temporary Add-on…" > dist/firefox/manifest.json,',
    'and run  node test/support/server.mjs  for the gallery.',
  ]);
  process.exit(1);
}

// 2. The extension.
buildOrExit('Firefox');

// 3. The demo server.
const server = await startServer({ port: await freePort(Number(process.env.PORT ?? 8765)), log: true });
const startUrl = `${server.origin}/`;
console.log(`\nDemo server on ${server.origin}`);

// 4. Firefox with the add-on, through web-ext.
const args = ['run', '--source-dir', join(ROOT, 'dist/firefox'), '--firefox', FIREFOX_PATH, '--start-url', startUrl];
const env = { ...process.env };
if (!HAS_DISPLAY) {
  console.log('\nNo display (neither DISPLAY nor WAYLAND_DISPLAY is set): running Firefox headless.');
  env.MOZ_HEADLESS = '1';
}
console.log(`$ web-ext ${args.join(' ')}`);
const webExt = spawn(WEB_EXT, args, { cwd: ROOT, stdio: 'inherit', env });

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (webExt.exitCode === null) webExt.kill('SIGINT');
  await server.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
webExt.on('exit', (code) => {
  if (!stopping) console.log(`\nweb-ext exited (${code ?? 'signal'}): stopping the demo server.`);
  void shutdown(code ?? 0);
});
webExt.on('error', (error) => {
  console.error(`\nCould not run web-ext: ${error.message}`);
  void shutdown(1);
});
