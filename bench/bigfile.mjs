// Big-file benchmark in headless Chromium: for each file, upload on Train → trained
// model (k=5) → the same file classified on Batch ("Classify the training file") with the
// results CSV ready to download: each answer timed inside the page from the file chosen or
// the click to the answer on screen (bench/browser.mjs timeInPage), and the automated run's
// wall clock beside; then the k sweep 2..10 on demand. Median of RUNS fresh pages; peak renderer memory (RSS).
// Usage: node bench/bigfile.mjs URL RUNS FILE...
import { launch, median, timeInPage } from './browser.mjs';
import { execSync } from 'node:child_process';
import { basename } from 'node:path';
import { statSync } from 'node:fs';

// SKLEARN_PYTHON=path/to/python runs bench/sklearn_pipeline.py on the same files for the comparison columns.
const python = process.env.SKLEARN_PYTHON;
// Phase names as the worker reports them (worker/src/timing.rs).
const STARTS = 'k-means++ starts and their Lloyd runs (on a 5,000-row sample above that)';
const REFINE = 'Lloyd iterations on all rows from the best start';

const [url, runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();

/** Resident memory of Chromium's renderer processes, in MB. */
function rendererMb() {
  const out = execSync("ps -eo rss,args | grep -- '--type=renderer' | grep -v grep || true").toString();
  return out.split('\n').filter(Boolean).reduce((s, l) => s + Number(l.trim().split(/\s+/)[0]), 0) / 1024;
}

const timingsOf = async (page, attr) => JSON.parse((await page.locator('body').getAttribute(attr)) ?? '[]');

for (const file of files) {
  const rows = { load: [], train: [], batchLoad: [], classify: [], inPage: [], wall: [], sweep: [], peak: [], base: [] };
  let phases = {};
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('recommended-k').waitFor();
    const base = rendererMb();
    let peak = base;
    const poll = setInterval(() => { peak = Math.max(peak, rendererMb()); }, 50);
    const name = basename(file);
    const t0 = Date.now();
    const load = await timeInPage(page, { from: 'train-file', event: 'change', to: 'data-summary', text: name },
      () => page.getByTestId('train-file').setInputFiles(file));
    await page.getByTestId('data-summary').filter({ hasText: name }).waitFor({ timeout: 600_000 });
    const t1 = Date.now();
    // Files up to 100,000 rows are swept as soon as they load; the sweep is timed on its own below.
    const autoSweep = !(await page.getByTestId('sweep-run').count());
    let s0 = Date.now();
    if (autoSweep) {
      await page.getByTestId('recommended-k').waitFor({ timeout: 600_000 });
      rows.sweep.push(Date.now() - s0);
    }
    const tTrain = Date.now();
    await page.getByTestId('k-input').fill('5');
    const train = await timeInPage(page, { from: 'train-button', to: 'train-outcome', text: 'Trained' },
      () => page.getByTestId('train-button').click());
    await page.getByTestId('train-outcome').waitFor({ timeout: 600_000 });
    const t2 = Date.now() - (tTrain - t1);
    await page.getByTestId('nav-batch').click();
    const batchLoad = await timeInPage(page, { from: 'batch-use-train', to: 'batch-file-summary', text: name },
      () => page.getByTestId('batch-use-train').click());
    await page.getByTestId('batch-file-summary').filter({ hasText: name }).waitFor({ timeout: 600_000 });
    const t3 = Date.now();
    const classify = await timeInPage(page, { from: 'batch-run', to: 'batch-summary', text: 'Rows read' },
      () => page.getByTestId('batch-run').click());
    await page.getByTestId('batch-summary').waitFor({ timeout: 600_000 });
    const t4 = Date.now();
    clearInterval(poll);
    for (const [name, ms] of [...(await timingsOf(page, 'data-load-timings')), ...(await timingsOf(page, 'data-train-timings')), ...(await timingsOf(page, 'data-classify-timings'))]) {
      (phases[name] ??= []).push(ms);
    }
    if (!autoSweep) {
      await page.getByTestId('nav-train').click();
      s0 = Date.now();
      await page.getByTestId('sweep-run').click();
      await page.getByTestId('recommended-k').waitFor({ timeout: 600_000 });
      rows.sweep.push(Date.now() - s0);
    }
    const t4c = t4 - (tTrain - t1);
    const inPage = load + train + batchLoad + classify;
    Object.entries({ load, train, batchLoad, classify, inPage, wall: t4c - t0, peak, base })
      .forEach(([k, v]) => rows[k].push(v));
    await page.context().close();
  }
  const mb = statSync(file).size / 1e6;
  const m = (name) => median(phases[name] ?? [0]);
  const ours = {
    'file chosen → file shown (read + parse)': median(rows.load),
    '  of which parse in the worker (CSV into a table)': m('parse'),
    '  of which column types and preview': m('column types and preview'),
    'k-means++ starts + Lloyd (fit)': m('extract and scale features') + m(STARTS) + m(REFINE),
    '  of which k-means++ starts and their Lloyd runs (20, on ≤ 5,000 rows)': m(STARTS),
    '  of which Lloyd iterations on all rows from the best start': m(REFINE),
    'statistics, names and samples (silhouette scored by a second worker)': m('statistics, names and samples'),
    'classify (segment, distance, confidence)': m('classify'),
    'write results CSV': m('write CSV'),
    'Train click → model shown': median(rows.train),
    '"Classify the training file" click → file shown': median(rows.batchLoad),
    'Classify click → results CSV ready': median(rows.classify),
    'end to end: file chosen → trained → results CSV ready (sum of the four answers, in the page)': median(rows.inPage),
    'the same, wall clock of the automated run (adds copying the file into the browser, clicks, polling)': median(rows.wall),
    'k sweep 2..10 (wall clock)': median(rows.sweep),
  };
  let theirs = {};
  if (python) {
    const sweep = mb > 10 ? ['--sweep'] : [];
    const t = Date.now();
    const r = JSON.parse(execSync(`${python} bench/sklearn_pipeline.py ${file} ${sweep.join(' ')}`).toString());
    const wall = Date.now() - t;
    theirs = {
      'file chosen → file shown (read + parse)': r['read + parse'],
      'k-means++ starts + Lloyd (fit)': r['fit (k-means++ and Lloyd)'],
      'classify (segment, distance, confidence)': r['classify'],
      'write results CSV': r['write CSV'],
      'end to end: file chosen → trained → results CSV ready (sum of the four answers, in the page)': r['read + parse'] + r['fit (k-means++ and Lloyd)'] + r['classify'] + r['write CSV'],
      'k sweep 2..10 (wall clock)': r['sweep k=2..10'],
    };
    theirs.note = `python process incl. start-up ${wall} ms`;
  }
  console.log(`\n${basename(file)} — ${mb.toFixed(1)} MB; Segmentum: median of ${runs} in headless Chromium (20 k-means++ starts); scikit-learn 1.9 + pandas: one run, n_init="auto" (1 start), times inside the script${theirs.note ? `, ${theirs.note}` : ''}`);
  console.log('| phase | Segmentum (ms) | scikit-learn (ms) | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [phase, ms] of Object.entries(ours)) {
    const t = theirs[phase];
    const ratio = !t ? '' : t >= ms ? `${(t / ms).toFixed(1)}× faster` : `${(ms / t).toFixed(1)}× slower`;
    console.log(`| ${phase} | ${Math.round(ms)} | ${t ?? '—'} | ${ratio} |`);
  }
  console.log(`renderer memory: ${median(rows.base).toFixed(0)} MB before, peak ${median(rows.peak).toFixed(0)} MB (+${(median(rows.peak) - median(rows.base)).toFixed(0)} MB = ${((median(rows.peak) - median(rows.base)) / mb).toFixed(1)} × the file)`);
}
await browser.close();
