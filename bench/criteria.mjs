// Choosing k with every criterion, and stability: Segmentum in Chromium beside scikit-learn.
// For each file: the sweep k = 2..25 (five criteria, gap statistic included), timed inside the
// page from the change of "to k" (or the Compare k click, for big files) to the 24th row of the
// metrics table; then training k = K and the stability measurement (20 bootstrap refits), timed
// from its progress line appearing to its going. Median of RUNS.
// Usage: SKLEARN_PYTHON=… node bench/criteria.mjs URL RUNS K FILE...
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, median } from './browser.mjs';

const [url, runsArg, kArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();

/** Milliseconds inside the page from `start()` being true to `end()` being true (checked at every DOM change). */
function between(page, start, end) {
  return page.evaluate(([start, end]) => new Promise((resolve) => {
    const s = new Function(`return (${start})`), e = new Function(`return (${end})`);
    let t0;
    const look = () => {
      if (t0 === undefined && s()) t0 = performance.now();
      if (t0 !== undefined && e()) { observer.disconnect(); resolve(performance.now() - t0); }
    };
    const observer = new MutationObserver(look);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener('change', look, true);
    document.addEventListener('click', () => { if (t0 === undefined && s()) t0 = performance.now(); }, true);
  }), [start, end]);
}

for (const file of files) {
  const sweeps = [], stabilities = [];
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('recommended-k').waitFor();
    await page.getByTestId('train-file').setInputFiles(file);
    await page.getByTestId('data-summary').filter({ hasText: basename(file) }).waitFor({ timeout: 600_000 });
    const big = await page.getByTestId('sweep-run').count();
    if (!big) await page.getByTestId('recommended-k').waitFor({ timeout: 600_000 });
    await page.evaluate(() => { window.__asked = false; });
    const rows = '[data-testid="k-metrics-table"] tbody tr';
    const sweep = between(page, 'window.__asked', `document.querySelectorAll('${rows}').length === 24`);
    await page.getByTestId('k-to').fill('25');
    await page.evaluate(() => { window.__asked = true; });
    await page.getByTestId('k-to').dispatchEvent('change');
    if (big) await page.getByTestId('sweep-run').click();
    sweeps.push(await sweep);
    await page.getByTestId('k-input').fill(kArg);
    const stable = between(page, `document.querySelector('[data-testid="stability-progress"]')`, `!document.querySelector('[data-testid="stability-progress"]')`);
    await page.getByTestId('train-button').click();
    stabilities.push(await stable);
    await page.context().close();
  }
  const r = (xs) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;
  console.log(`${basename(file)}: Segmentum sweep k=2..25, five criteria: ${r(sweeps)}; stability, 20 refits at k=${kArg}: ${r(stabilities)}`);
  if (process.env.SKLEARN_PYTHON) {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_criteria.py');
    process.stdout.write(execFileSync(process.env.SKLEARN_PYTHON, [script, file, kArg], { encoding: 'utf8' }));
  }
}
await browser.close();
