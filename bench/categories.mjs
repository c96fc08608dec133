// Categorical training in headless Chromium: a generated customer CSV chosen on Train, Genre
// (category), Age, income and spending standardised, then Train k = 5 → model shown and
// Classify the same file → results ready; each timed inside the page (bench/browser.mjs
// timeInPage), median of RUNS fresh pages; then scikit-learn fitting the same encoded matrix
// (bench/sklearn_categories.py).
// Usage: SKLEARN_PYTHON=… node bench/categories.mjs URL RUNS FILE.csv
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, median, timeInPage } from './browser.mjs';

const [url, runsArg, file] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();
const name = basename(file);
const trained = [], classified = [];
let inertia;
for (let i = 0; i < runs; i++) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}#/train`);
  await page.getByTestId('recommended-k').waitFor();
  await page.getByTestId('train-file').setInputFiles(file);
  await page.getByTestId('data-summary').filter({ hasText: name }).waitFor({ timeout: 600_000 });
  const picker = page.getByTestId('feature-picker');
  await picker.getByLabel('Genre (category)').check();
  await picker.getByLabel('Age', { exact: true }).check();
  await page.getByTestId('scaling').selectOption('standard');
  await page.getByTestId('k-input').fill('5');
  trained.push(await timeInPage(page, { from: 'train-button', to: 'train-outcome', text: 'Trained' },
    () => page.getByTestId('train-button').click()));
  inertia = await page.getByTestId('model-inertia').textContent();
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.locator('[data-testid="batch-run"]:not([disabled])').waitFor({ timeout: 600_000 });
  classified.push(await timeInPage(page, { from: 'batch-run', to: 'batch-summary', text: 'Classified' },
    () => page.getByTestId('batch-run').click()));
  await page.context().close();
}
await browser.close();
const r = (xs) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;
console.log(`${name}, Genre (category) + Age + income + spending, standardised: Segmentum Train click → model ${r(trained)} (inertia ${inertia}); Classify → results ${r(classified)}`);
if (process.env.SKLEARN_PYTHON) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_categories.py');
  process.stdout.write(execFileSync(process.env.SKLEARN_PYTHON, [script, file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}
