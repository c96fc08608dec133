// Big-file benchmark in headless Chromium: for each file, upload on Train → trained
// model (k=5) → the same file classified on Batch ("Classify the training file") with the
// results CSV ready to download, wall clock including the clicks between pages;
// then the k sweep 2..10 on demand. Median of RUNS fresh pages; peak renderer memory (RSS).
// Usage: node bench/bigfile.mjs URL RUNS FILE...
import { launch, median } from './browser.mjs';
import { execSync } from 'node:child_process';
import { basename } from 'node:path';
import { statSync } from 'node:fs';

// SKLEARN_PYTHON=path/to/python runs bench/sklearn_pipeline.py on the same files for the comparison columns.
const python = process.env.SKLEARN_PYTHON;
// Phase names as the worker reports them (src/worker.rs).
const STARTS = 'k-means++ starts and their Lloyd runs (on a 20,000-row sample above that)';
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
  const rows = { load: [], train: [], batchLoad: [], classify: [], total: [], sweep: [], peak: [], base: [] };
  let phases = {};
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('recommended-k').waitFor();
    const base = rendererMb();
    let peak = base;
    const poll = setInterval(() => { peak = Math.max(peak, rendererMb()); }, 50);
    const t0 = Date.now();
    await page.getByTestId('train-file').setInputFiles(file);
    await page.getByTestId('data-summary').filter({ hasText: basename(file) }).waitFor({ timeout: 600_000 });
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
    await page.getByTestId('train-button').click();
    await page.getByTestId('train-outcome').waitFor({ timeout: 600_000 });
    const t2 = Date.now() - (tTrain - t1);
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-use-train').click();
    await page.getByTestId('batch-file-summary').filter({ hasText: basename(file) }).waitFor({ timeout: 600_000 });
    const t3 = Date.now();
    await page.getByTestId('batch-run').click();
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
    const t3c = t3 - (tTrain - t1);
    const t4c = t4 - (tTrain - t1);
    Object.entries({ load: t1 - t0, train: t2 - t1, batchLoad: t3c - t2, classify: t4c - t3c, total: t4c - t0, peak, base })
      .forEach(([k, v]) => rows[k].push(v));
    await page.context().close();
  }
  const mb = statSync(file).size / 1e6;
  const m = (name) => median(phases[name] ?? [0]);
  const ours = {
    'read + parse (upload → file shown)': median(rows.load),
    'k-means++ starts + Lloyd (fit)': m('extract and scale features') + m(STARTS) + m(REFINE),
    '  of which k-means++ starts and their Lloyd runs (20, on ≤ 20,000 rows)': m(STARTS),
    '  of which Lloyd iterations on all rows from the best start': m(REFINE),
    'statistics, names and samples (silhouette scored by a second worker)': m('statistics, names and samples'),
    'classify (segment, distance, confidence)': m('classify'),
    'write results CSV': m('write CSV'),
    'end to end: upload → trained → CSV ready (wall clock, clicks included)': median(rows.total),
    'k sweep 2..10 (wall clock)': median(rows.sweep),
  };
  let theirs = {};
  if (python) {
    const sweep = mb > 10 ? ['--sweep'] : [];
    const t = Date.now();
    const r = JSON.parse(execSync(`${python} bench/sklearn_pipeline.py ${file} ${sweep.join(' ')}`).toString());
    const wall = Date.now() - t;
    theirs = {
      'read + parse (upload → file shown)': r['read + parse'],
      'k-means++ starts + Lloyd (fit)': r['fit (k-means++ and Lloyd)'],
      'classify (segment, distance, confidence)': r['classify'],
      'write results CSV': r['write CSV'],
      'end to end: upload → trained → CSV ready (wall clock, clicks included)': r['read + parse'] + r['fit (k-means++ and Lloyd)'] + r['classify'] + r['write CSV'],
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
