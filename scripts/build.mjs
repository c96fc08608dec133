// Builds the app into dist/ (or --out DIR): the page and the worker compiled to WebAssembly in one
// cargo run (so every dependency they share is compiled once and both link at the same time), their
// JS glue from wasm-bindgen, wasm-opt on both at once, and index.html with every file it names
// copied beside it under a name that carries its content's hash.
//
// Usage: node scripts/build.mjs [--features F] [--out DIR] [--compile-only]
// (--compile-only runs cargo alone: build_app in scripts/setup.sh compiles while wasm-bindgen-cli
// is still installing, then builds again, which finds everything compiled.)
// Needs cargo with the wasm32-unknown-unknown target, wasm-bindgen (the version Cargo.toml pins)
// and wasm-opt on PATH: scripts/setup.sh installs them.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const features = arg('--features', null);
const out = resolve(root, arg('--out', 'dist'));
const run = promisify(execFile);
const say = (message) => console.log(`[build] ${message}`);
const glueRoot = join(root, 'target', 'wasm-glue');

/** WebAssembly features every supported browser has (see README: Browsers), for wasm-opt. */
const WASM_FEATURES = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-reference-types', '--enable-multivalue', '--enable-simd',
];

/**
 * The page is size-bound (-Oz). The worker is speed-bound, yet -O1: measured at 1,000,000 rows
 * in Chromium (bench/bigfile.mjs, builds alternated, 10 rounds), its four answers took a median
 * 1.23 s at -O1 and 1.50 s at -O3 (reading the CSV slowed most), for 5 % more bytes at -O1;
 * and -O3 took 109 s to run here where -O1 takes 29 s.
 */
const BINARIES = [
  { bin: 'segmentum', target: 'web', opt: '-Oz' },
  { bin: 'worker', target: 'no-modules', opt: '-O1' },
];

/** Runs cargo, its messages on the terminal, and returns the .wasm file of each binary. */
async function cargoBuild() {
  const args = ['build', '--release', '--target=wasm32-unknown-unknown', '--message-format=json-render-diagnostics'];
  args.push('-p', 'segmentum', '-p', 'segmentum-worker', ...BINARIES.flatMap(({ bin }) => ['--bin', bin]));
  if (features) args.push('--features', features.split(',').map((f) => `segmentum/${f}`).join(','));
  const child = spawn('cargo', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (chunk) => (text += chunk));
  const code = await new Promise((done) => child.on('close', done));
  if (code !== 0) throw new Error(`cargo build failed (exit code ${code})`);
  const wasm = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const message = JSON.parse(line);
    if (message.reason === 'compiler-artifact' && message.target.kind.includes('bin')) {
      wasm[message.target.name] = message.filenames.find((f) => f.endsWith('.wasm'));
    }
  }
  return wasm;
}

/** wasm-bindgen's JS glue and wasm for `bin`, then wasm-opt on that wasm. */
async function glue({ bin, target, opt }, wasm, staging) {
  await run('wasm-bindgen', [`--target=${target}`, '--no-typescript', `--out-dir=${staging}`, `--out-name=${bin}`, wasm]);
  const output = join(staging, `${bin}_bg.wasm`);
  await run('wasm-opt', [opt, ...WASM_FEATURES, output, '-o', output]);
}

/**
 * The folder holding `bin`'s glue and optimised wasm. They depend only on the compiled wasm, the
 * options and the two tools' versions, so a build whose cargo run changed nothing reuses them (the
 * 20 s of wasm-bindgen and wasm-opt were most of a second run of serve.sh).
 */
async function glued(binary, wasm, tools) {
  const key = hashOf(Buffer.concat([readFileSync(wasm), Buffer.from(JSON.stringify([binary, WASM_FEATURES, tools]))]));
  const dir = join(glueRoot, `${binary.bin}-${key}`);
  if (!existsSync(dir)) {
    // Written aside and renamed whole, so a build stopped (or run twice at once) never leaves a
    // half-written folder that a later build would take as done.
    const aside = `${dir}.${process.pid}`;
    rmSync(aside, { recursive: true, force: true });
    mkdirSync(aside, { recursive: true });
    await glue(binary, wasm, aside);
    try {
      renameSync(aside, dir);
    } catch (e) {
      rmSync(aside, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
  }
  const now = new Date();
  utimesSync(dir, now, now);
  return dir;
}

/** Keeps the two newest folders of each binary (a build with the test hooks and one without). */
function pruneGlue() {
  for (const { bin } of BINARIES) {
    const ours = new RegExp(`^${bin}-[0-9a-f]{16}$`);
    const dirs = readdirSync(glueRoot).filter((d) => ours.test(d)).map((d) => join(glueRoot, d));
    dirs.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    for (const old of dirs.slice(2)) rmSync(old, { recursive: true, force: true });
  }
}

const version = async (tool) => (await run(tool, ['--version'])).stdout.trim();

const hashOf = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Copies `from` into the output folder as `<name>-<hash><ext>` and returns that name. */
function publish(from, name = basename(from, extname(from)), ext = extname(from)) {
  const bytes = readFileSync(from);
  const published = `${name}-${hashOf(bytes)}${ext}`;
  writeFileSync(join(out, published), bytes);
  return published;
}

const started = Date.now();
const wasm = await cargoBuild();
say(`compiled in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (process.argv.includes('--compile-only')) process.exit(0);
mkdirSync(glueRoot, { recursive: true });
const tools = await Promise.all([version('wasm-bindgen'), version('wasm-opt')]);
const [pageDir, workerDir] = await Promise.all(BINARIES.map((b) => glued(b, wasm[b.bin], tools)));
pruneGlue();
say(`wasm-bindgen and wasm-opt done at ${((Date.now() - started) / 1000).toFixed(0)} s`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The worker is started by name (src/jobs: ./worker_loader.js), so its files keep fixed names.
copyFileSync(join(workerDir, 'worker.js'), join(out, 'worker.js'));
copyFileSync(join(workerDir, 'worker_bg.wasm'), join(out, 'worker_bg.wasm'));
writeFileSync(join(out, 'worker_loader.js'), 'importScripts("./worker.js");wasm_bindgen("./worker_bg.wasm");\n');
// The page: its glue and wasm under hashed names, started by a module script of its own (the
// Content-Security-Policy allows no inline script).
const pageJs = publish(join(pageDir, 'segmentum.js'));
const pageWasm = publish(join(pageDir, 'segmentum_bg.wasm'));
const start = `import init from './${pageJs}';\nawait init({ module_or_path: './${pageWasm}' });\n`;
const startFile = join(glueRoot, 'start.js');
writeFileSync(startFile, start);
const startJs = publish(startFile);

// index.html names its files by their place in the repository; each is published beside it.
let html = readFileSync(join(root, 'index.html'), 'utf8');
html = html.replace(/(href|src)="([^"]+)"/g, (whole, attribute, path) => {
  if (/^[a-z]+:|^#|^\//.test(path)) return whole;
  const from = path === 'start.js' ? startFile : join(root, path);
  const published = path === 'start.js' ? startJs : publish(from);
  return `${attribute}="./${published}" integrity="${integrity(readFileSync(join(out, published)))}"`;
});
// Fetch the page's glue and wasm while the rest of the page loads.
const preload =
  `<link rel="modulepreload" href="./${pageJs}">\n` +
  `    <link rel="preload" href="./${pageWasm}" as="fetch" type="application/wasm" crossorigin>\n  </head>`;
writeFileSync(join(out, 'index.html'), html.replace('</head>', `  ${preload}`));
say(`${relative(root, out) || '.'}/ ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
