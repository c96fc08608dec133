// Order lines → RFM customer table in headless Chromium (issue 19), beside pandas doing the same
// group-by in the same run. For each file, RUNS fresh pages: choose it on Train, wait for the
// order-lines panel, click "Build a customer table" and time, inside the page, the click to the
// summary on screen (bench/browser.mjs timeInPage), while the resident memory of this browser's
// renderers is polled (only this browser's: others may run Chromium on the machine at the same
// time). The worker reads the file in 4 MB pieces; its phase timings come from
// <body data-load-timings>. With SKLEARN_PYTHON set, bench/pandas_orders.py reads the same file
// and builds the same table, once, timing itself.
// Usage: [SKLEARN_PYTHON=python] node bench/orders.mjs URL RUNS FILE...
// (files from `node tests/data/orders/generate.mjs DIR --lines N`: DIR/orders.csv; an
// orders.expected.csv beside one up to 1,000,000 lines has pandas check its table against it.)
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, median, timeInPage } from './browser.mjs';

const [url, runsArg, ...files] = process.argv.slice(2);
if (!url || !files.length) {
  console.error('usage: [SKLEARN_PYTHON=python] node bench/orders.mjs URL RUNS FILE...');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
const python = process.env.SKLEARN_PYTHON;
const script = join(dirname(fileURLToPath(import.meta.url)), 'pandas_orders.py');
const LONG = { timeout: 900_000 };

const browser = await launch();

/** Resident memory of this browser's renderer processes, in MB: the descendants of this node process
 * (Playwright starts Chromium as its child) whose command line has --type=renderer. */
function rendererMb() {
  const procs = execSync('ps -eo pid=,ppid=,rss=,args=', { maxBuffer: 1 << 24 }).toString().trim().split('\n')
    .map((l) => l.trim().split(/\s+/)).map(([pid, ppid, rss, ...args]) => ({ pid: +pid, ppid: +ppid, rss: +rss, args: args.join(' ') }));
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!ours.has(p.pid) && ours.has(p.ppid)) ours.add(p.pid), (grew = true);
  }
  return procs.filter((p) => ours.has(p.pid) && p.args.includes('--type=renderer')).reduce((s, p) => s + p.rss, 0) / 1024;
}

const count = (summary, label) => Number((summary.match(new RegExp(`${label}: ([\\d,]+)`)) ?? [, '0'])[1].replaceAll(',', ''));
const thousands = (n) => Math.round(n).toLocaleString('en');
const notes = [];

console.log(`Segmentum: median of ${runs} fresh pages in headless Chromium, "Build a customer table" click → summary shown (timed in the page); pandas: one run, its own clock and peak RSS`);
console.log('| order lines | MB | customers | Segmentum (ms) | peak renderer MB (over the idle page) | pandas (ms) | pandas peak MB | |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const file of files) {
  const name = basename(file);
  const label = `${basename(dirname(file))}/${name}`;
  const built = [], chosen = [], peaks = [], bases = [];
  const phases = {};
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('recommended-k').waitFor(LONG);
    chosen.push(await timeInPage(page, { from: 'train-file', event: 'change', to: 'rfm-panel' },
      () => page.getByTestId('train-file').setInputFiles(file)));
    await page.getByTestId('rfm-panel').waitFor(LONG);
    const base = rendererMb();
    let peak = base;
    const poll = setInterval(() => { peak = Math.max(peak, rendererMb()); }, 50);
    built.push(await timeInPage(page, { from: 'rfm-build', to: 'rfm-summary', text: 'Order lines read' },
      () => page.getByTestId('rfm-build').click()));
    clearInterval(poll);
    peak = Math.max(peak, rendererMb());
    peaks.push(peak), bases.push(base);
    summary = await page.getByTestId('rfm-summary').innerText();
    for (const [phase, ms] of JSON.parse((await page.locator('body').getAttribute('data-load-timings')) ?? '[]')) {
      (phases[phase] ??= []).push(ms);
    }
    await page.context().close();
  }
  const mb = statSync(file).size / 1e6;
  const lines = count(summary, 'Order lines read');
  const customers = count(summary, 'Customers in the table');
  let theirs = null;
  if (python) {
    const expected = join(dirname(file), 'orders.expected.csv');
    const check = lines <= 1_000_000 && existsSync(expected) ? ['--check', expected] : [];
    const t = Date.now();
    theirs = JSON.parse(execFileSync(python, [script, file, ...check], { encoding: 'utf8', maxBuffer: 1 << 24 }));
    theirs.wall = Date.now() - t;
    if (theirs.lines !== lines || theirs.customers !== customers) {
      notes.push(`${label}: pandas counts ${theirs.lines} lines and ${theirs.customers} customers, Segmentum ${lines} and ${customers}`);
    }
  }
  const ours = median(built);
  const ratio = !theirs ? '' : theirs.total >= ours ? `${(theirs.total / ours).toFixed(1)}× faster` : `${(ours / theirs.total).toFixed(1)}× slower`;
  const peak = median(peaks), base = median(bases);
  console.log(`| ${thousands(lines)} | ${mb.toFixed(1)} | ${thousands(customers)} | ${thousands(ours)} | ${thousands(peak)} (+${thousands(peak - base)}) | ${theirs ? thousands(theirs.total) : '—'} | ${theirs ? thousands(theirs['peak MB']) : '—'} | ${ratio} |`);
  const worker = Object.entries(phases).map(([phase, ms]) => `${phase} ${thousands(median(ms))} ms`).join(', ');
  notes.push(`${label}: Segmentum runs ${built.map(thousands).join(', ')} ms (file chosen → panel ${thousands(median(chosen))} ms; worker: ${worker}); peaks ${peaks.map(thousands).join(', ')} MB`
    + (theirs ? `; pandas ${theirs.pandas}: read CSV ${thousands(theirs['read CSV'])} ms, dates ${thousands(theirs['parse dates'])} ms, group-by ${thousands(theirs['group-by'])} ms${theirs.checked ? ', table identical to the generator\'s' : ''} (process incl. start-up ${thousands(theirs.wall)} ms)` : ''));
}
await browser.close();
console.log(notes.join('\n'));
