// The judged hook overhead of bench.mjs (pages no automation is attached to) alone, as K whole
// runs, each with a fresh pair of browsers: how far whole runs move on this machine, which one
// suite run cannot show. Prints each run's text and binary ratios (medians of interleaved pairs).
//
//   node bench/judged-runs.mjs            K=3 runs of 30 pairs on dist/chrome
//   K=5 PAIRS=30 EXT=path node bench/judged-runs.mjs
import { resolve } from 'node:path';
import { startServer } from '../test/support/server.mjs';
import { QUIET_FLAGS, SCENARIOS, hookEventType, hookFileOf, interleaved } from './echo.mjs';
import { launchUnattachedPair } from './unattached.mjs';

const EXT = resolve(process.env.EXT ?? 'dist/chrome');
const K = Number(process.env.K ?? 3);
const PAIRS = Number(process.env.PAIRS ?? 30);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

for (let k = 1; k <= K; k++) {
  const server = await startServer();
  const pair = await launchUnattachedPair({ chromiumPath: CHROMIUM, quietFlags: QUIET_FLAGS, server, extensionDir: EXT, eventType: hookEventType(hookFileOf(EXT)) });
  try {
    const ratios = [];
    for (const s of SCENARIOS) {
      const hooked = async () => {
        const r = await pair.withExt.run(s);
        // No hook event reached the page: the extension was not in it, and the ratio would mean nothing.
        if (!(r.hookEvents > 0)) throw new Error('the hook did not run in the Chromium with the extension');
        return r.rate;
      };
      const bare = async () => (await pair.plain.run(s)).rate;
      const { ratio } = await interleaved(PAIRS, hooked, bare);
      ratios.push(`${s.binary ? 'binary' : 'text'} ${ratio.toFixed(3)} (budget ≥ ${s.budget})`);
    }
    console.log(`run ${k}: ${ratios.join(', ')}`);
  } finally {
    await pair.close();
    await server.close();
  }
}
