// `npm run package`: the two store uploads, in artifacts/.
//
//   artifacts/ws-triage-chrome-<version>.zip   dist/chrome, zipped (manifest.json at the root)
//   artifacts/ws-triage-firefox-<version>.zip  dist/firefox, by `web-ext build`
//
// Builds first, then checks both archives as uploaded: every file is read back out of
// the zip and scanned. The build fails on a source map (a *.map file or a
// sourceMappingURL comment), dev-server code (Vite's or CRXJS's client, a localhost
// origin) or a remote URL (anything http(s):// or ws(s):// except the XML namespace
// names Preact compares element namespaces with, which are never fetched).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'artifacts');
const WEB_EXT = join(ROOT, 'node_modules/.bin/web-ext');

function run(cmd, args) {
  console.log(`$ ${[cmd, ...args].map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a)).join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n${cmd} failed (exit ${r.status ?? r.signal}): no packages written.`);
    process.exit(r.status ?? 1);
  }
}

/** Files under `dir`, as zip entry names (forward slashes), sorted. Dotfiles are left out. */
function listFiles(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, base));
    else out.push(relative(base, path).split(sep).join('/'));
  }
  return out;
}

/** A plain deflate zip of `dir` (no timestamps from the machine: a fixed 2000-01-01). */
function zipDirectory(dir, file) {
  const DOS_TIME = 0;
  const DOS_DATE = (20 << 9) | (1 << 5) | 1;
  const locals = [];
  const central = [];
  let offset = 0;
  for (const name of listFiles(dir)) {
    const data = readFileSync(join(dir, name));
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // version made by
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, centralBytes, end]));
}

/** Every file entry of a zip, decompressed: Map name -> Buffer. */
function readZip(file) {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file}: not a zip`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const raw = zip.subarray(dataAt, dataAt + size);
    if (method === 0) entries.set(name, raw);
    else if (method === 8) entries.set(name, inflateRawSync(raw));
    else throw new Error(`${file}: ${name} uses compression method ${method}`);
  }
  return entries;
}

/** XML namespace names: compared as strings by Preact, never fetched. */
const NAMESPACES = new Set(['http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML']);
const TEXT = /\.(js|mjs|html|css|json|txt|svg)$/;
const DEV_SERVER = [
  /\/@vite\//, // /@vite/client, /@vite/env
  /\/@crx\//, // CRXJS's dev client
  /\/@id\//, /\/@fs\//, // modules served by the dev server
  /__vite_ping|__vite__|createHotContext|import\.meta\.hot|vite\/dist\/client/,
  /\blocalhost:\d+|127\.0\.0\.1:\d+|\[::1\]:\d+/, // a dev-server origin
];

/** Problems in one archive's files, as readable lines. */
function scan(label, entries, expectedFiles) {
  const problems = [];
  const names = [...entries.keys()].sort();
  if (!entries.has('manifest.json')) problems.push(`${label}: no manifest.json at the root`);
  const missing = expectedFiles.filter((f) => !entries.has(f));
  const extra = names.filter((f) => !expectedFiles.includes(f));
  if (missing.length) problems.push(`${label}: files of the build missing from the archive: ${missing.join(', ')}`);
  if (extra.length) problems.push(`${label}: files in the archive that are not in the build: ${extra.join(', ')}`);
  for (const [name, data] of entries) {
    if (name.endsWith('.map')) problems.push(`${label}: source map ${name}`);
    if (!TEXT.test(name)) continue;
    const text = data.toString('utf8');
    if (/[#@]\s*sourceMappingURL\s*=/.test(text)) problems.push(`${label}: ${name} has a sourceMappingURL comment`);
    for (const pattern of DEV_SERVER) {
      if (pattern.test(text)) problems.push(`${label}: ${name} has dev-server code (${pattern})`);
    }
    for (const match of text.matchAll(/\b(?:https?|wss?):\/\/[^\s"'`)<>\\]*/gi)) {
      if (!NAMESPACES.has(match[0])) problems.push(`${label}: ${name} has a remote URL: ${match[0]}`);
    }
  }
  return problems;
}

// 1. Build both targets.
run('npm', ['run', '--silent', 'build']);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
for (const target of ['chrome', 'firefox']) {
  const manifestVersion = JSON.parse(readFileSync(join(ROOT, 'dist', target, 'manifest.json'), 'utf8')).version;
  if (manifestVersion !== version) {
    console.error(`dist/${target}/manifest.json has version ${manifestVersion}, package.json ${version}`);
    process.exit(1);
  }
}
mkdirSync(ARTIFACTS, { recursive: true });

// 2. Chrome: a zip of dist/chrome.
const chromeZip = join(ARTIFACTS, `ws-triage-chrome-${version}.zip`);
rmSync(chromeZip, { force: true });
zipDirectory(join(ROOT, 'dist/chrome'), chromeZip);
console.log(`Chrome package: ${relative(ROOT, chromeZip)}`);

// 3. Firefox: web-ext build (its default ignores leave dotfiles out, as above).
const firefoxName = `ws-triage-firefox-${version}.zip`;
run(WEB_EXT, [
  'build',
  '--source-dir', join(ROOT, 'dist/firefox'),
  '--artifacts-dir', ARTIFACTS,
  '--filename', firefoxName,
  '--overwrite-dest',
  '--no-config-discovery',
]);
const firefoxZip = join(ARTIFACTS, firefoxName);

// 4. Read both back and scan what would be uploaded.
const problems = [
  ...scan(relative(ROOT, chromeZip), readZip(chromeZip), listFiles(join(ROOT, 'dist/chrome'))),
  ...scan(relative(ROOT, firefoxZip), readZip(firefoxZip), listFiles(join(ROOT, 'dist/firefox'))),
];
if (problems.length > 0) {
  console.error(`\nThe packages are not fit to upload:\n  ${problems.join('\n  ')}`);
  rmSync(chromeZip, { force: true });
  rmSync(firefoxZip, { force: true });
  process.exit(1);
}
for (const file of [chromeZip, firefoxZip]) {
  const entries = readZip(file);
  console.log(`  ${relative(ROOT, file)}: ${entries.size} files, ${statSync(file).size} B — no source maps, dev-server code or remote URLs`);
}
