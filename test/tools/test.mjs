// `npm test`: checks the browsers, typechecks, lints (import boundaries included),
// builds the extension, then runs the unit and end-to-end suites. A missing browser fails with the command that installs it;
// outside CI a missing Firefox only skips its suite, loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { banner } from './common.mjs';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

if (!existsSync(chromium)) {
  banner([
    `Chromium not found at ${chromium}.`,
    'Install it with:  sudo apt-get install -y chromium',
    'or point CHROMIUM_PATH at a Chromium binary.',
  ]);
  process.exit(1);
}
if (!existsSync(firefox)) {
  const lines = [
    `Firefox ESR not found at ${firefox}: the Firefox end-to-end tests will be SKIPPED.`,
    'Install it with:  sudo apt-get install -y firefox-esr',
    'or point FIREFOX_PATH at a Firefox binary.',
  ];
  if (CI) {
    banner([...lines.slice(0, 1).map((l) => l.replace('will be SKIPPED', 'are required in CI')), ...lines.slice(1)]);
    process.exit(1);
  }
  banner(lines);
  process.env.WS_TRIAGE_SKIP_FIREFOX = '1';
}

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', '--silent', 'typecheck']);
run('npm', ['run', '--silent', 'lint']);
run('npm', ['run', '--silent', 'build']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
