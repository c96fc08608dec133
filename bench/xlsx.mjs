// Workbook benchmark in headless Chromium: a generated customer .xlsx chosen on Train → its
// preview shown (read in the worker with calamine), then Train k = 5 → model shown; each timed
// inside the page (bench/browser.mjs timeInPage), median of RUNS fresh pages; then pandas +
// openpyxl reading the same file and scikit-learn fitting it (bench/sklearn_xlsx.py).
// Usage: SKLEARN_PYTHON=… node bench/xlsx.mjs URL RUNS FILE.xlsx
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, median, timeInPage } from './browser.mjs';

const [url, runsArg, file] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();
const name = basename(file);
const shown = [], trained = [];
for (let i = 0; i < runs; i++) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}#/train`);
  await page.getByTestId('recommended-k').waitFor();
  shown.push(await timeInPage(page, { from: 'train-file', event: 'change', to: 'data-summary', text: name },
    () => page.getByTestId('train-file').setInputFiles(file)));
  await page.getByTestId('data-summary').filter({ hasText: name }).waitFor({ timeout: 600_000 });
  await page.getByTestId('k-input').fill('5');
  trained.push(await timeInPage(page, { from: 'train-button', to: 'train-outcome', text: 'Trained' },
    () => page.getByTestId('train-button').click()));
  await page.context().close();
}
await browser.close();
const r = (xs) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;
const mb = (statSync(file).size / 1e6).toFixed(1);
console.log(`${name} (${mb} MB): Segmentum file chosen → preview ${r(shown)}; Train click → model ${r(trained)}`);
if (process.env.SKLEARN_PYTHON) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_xlsx.py');
  process.stdout.write(execFileSync(process.env.SKLEARN_PYTHON, [script, file], { encoding: 'utf8' }));
}
