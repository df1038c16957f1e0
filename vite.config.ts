/**
 * One source manifest (manifest.json), two builds: `vite build --mode chrome` writes
 * dist/chrome, `vite build --mode firefox` writes dist/firefox. Firefox differences
 * in the manifest are made here only.
 */
import { crx } from '@crxjs/vite-plugin';
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

type Target = 'chrome' | 'firefox';
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export const FIREFOX_ID = 'ws-triage@ws-triage.dev';

function manifestFor(t: Target): ManifestV3Export {
  const base = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  base.version = pkg.version;
  if (t === 'chrome') return base as unknown as ManifestV3Export;
  // Firefox always clones messages; `message_serialization` opts Chrome 148+ into the same.
  const { minimum_chrome_version: _unused, message_serialization: _cloned, ...rest } = base;
  const background = base.background as { service_worker: string };
  return {
    ...rest,
    // Firefox MV3 runs the background as an event page, not a service worker.
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: FIREFOX_ID,
        // MAIN-world content scripts need Firefox 128.
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as ManifestV3Export;
}

/** The MAIN-world hook runs in every frame of every page: its size is a budget. */
const HOOK_BUDGET_BYTES = 6 * 1024;

function reportHookSize(): Plugin {
  let outDir = '';
  return {
    name: 'ws-triage:hook-size',
    apply: 'build',
    // The directory really written (`--outDir` overrides the config's).
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
        content_scripts: { world?: string; js: string[] }[];
      };
      const hook = manifest.content_scripts.find((c) => c.world === 'MAIN')!.js[0]!;
      const file = join(outDir, hook);
      const bytes = statSync(file).size;
      const gzip = gzipSync(readFileSync(file)).length;
      const verdict = bytes <= HOOK_BUDGET_BYTES ? 'within' : 'OVER';
      console.log(
        `${outDir}: MAIN-world hook ${hook} = ${bytes} B minified, ${gzip} B gzip (${verdict} the ${HOOK_BUDGET_BYTES} B budget)`,
      );
    },
  };
}

export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  const outDir = `dist/${target}`;
  return {
  plugins: [
    preact(),
    crx({
      manifest: manifestFor(target),
      browser: target,
      contentScripts: { standaloneFiles: ['src/injected/hook.ts', 'src/content/bridge.ts'] },
    }),
    reportHookSize(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    target: ['chrome111', 'firefox128'],
    sourcemap: false,
    rollupOptions: {
      input: { panel: 'src/panel/index.html' },
    },
  },
  server: { port: 5199, strictPort: true, hmr: { port: 5199 } },
  };
});
