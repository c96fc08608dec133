// Big-file benchmark in headless Chromium: for each file, upload on Train → trained
// model (k=5) → the same file classified on Batch ("Classify the training file") with the
// results CSV ready to download, wall clock including the clicks between pages;
// then the k sweep 2..10 on demand. Median of RUNS fresh pages; peak renderer memory (RSS).
// Usage: node bench/bigfile.mjs URL RUNS FILE...
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { basename } from 'node:path';
import { statSync } from 'node:fs';

const [url, runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
    await page.getByTestId('k-input').fill('5');
    await page.getByTestId('train-button').click();
    await page.getByTestId('train-outcome').waitFor({ timeout: 600_000 });
    const t2 = Date.now();
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
    await page.getByTestId('nav-train').click();
    const s0 = Date.now();
    const sweepButton = page.getByTestId('sweep-run');
    if (await sweepButton.count()) await sweepButton.click();
    await page.getByTestId('recommended-k').waitFor({ timeout: 600_000 });
    rows.sweep.push(Date.now() - s0);
    Object.entries({ load: t1 - t0, train: t2 - t1, batchLoad: t3 - t2, classify: t4 - t3, total: t4 - t0, peak, base })
      .forEach(([k, v]) => rows[k].push(v));
    await page.context().close();
  }
  const mb = statSync(file).size / 1e6;
  console.log(`${basename(file)} (${mb.toFixed(1)} MB), median of ${runs}:`);
  console.log(`  upload → loaded ${median(rows.load)} ms · train k=5 ${median(rows.train)} ms · "classify the training file" ${median(rows.batchLoad)} ms · classify + write CSV ${median(rows.classify)} ms`);
  console.log(`  upload → trained → results CSV ready: ${median(rows.total)} ms (all: ${rows.total.join(', ')})`);
  console.log(`  k sweep 2..10 on demand: ${median(rows.sweep)} ms (all: ${rows.sweep.join(', ')})`);
  console.log(`  renderer memory: ${median(rows.base).toFixed(0)} MB before, peak ${median(rows.peak).toFixed(0)} MB (+${(median(rows.peak) - median(rows.base)).toFixed(0)} MB = ${((median(rows.peak) - median(rows.base)) / mb).toFixed(1)} × the file)`);
  console.log(`  worker phases (median ms): ${Object.entries(phases).map(([k, v]) => `${k} ${median(v).toFixed(0)}`).join(' · ')}`);
}
await browser.close();
