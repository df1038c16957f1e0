// Shared by the npm scripts in this folder: a loud banner, a free port, the build.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  console.error(`\n${'!'.repeat(width + 4)}\n${lines.map((l) => `! ${l.padEnd(width)} !`).join('\n')}\n${'!'.repeat(width + 4)}\n`);
}

/** The first port from `start` on that nothing listens on (127.0.0.1). */
export async function freePort(start, tries = 20) {
  for (let port = start; port < start + tries; port++) {
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${start}–${start + tries - 1}`);
}

/** `npm run build`, or exit with its status and `what` not started. */
export function buildOrExit(what) {
  console.log('$ npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    console.error(`\nThe build failed: not starting ${what}.`);
    process.exit(build.status ?? 1);
  }
}
