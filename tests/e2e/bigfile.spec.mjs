// A big file through the worker: progress that moves and finishes, a page that
// answers during a job, and a Cancel that leaves everything as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, fault } from './fixtures.mjs';

const ROWS = 200_000;

/** A mall-like file: income and spending around five centres, from a fixed seed. */
function mallLike(rows) {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const centres = [[55, 50], [87, 82], [88, 17], [26, 21], [25, 79]];
  const lines = ['CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)'];
  for (let i = 1; i <= rows; i++) {
    const [inc, spend] = centres[Math.floor(rand() * 5)];
    const noise = () => Math.round((rand() + rand() + rand() - 1.5) * 16);
    lines.push(`${i},${rand() < 0.56 ? 'Female' : 'Male'},${18 + Math.floor(rand() * 50)},${inc + noise()},${spend + noise()}`);
  }
  return lines.join('\r\n') + '\r\n';
}

let bigFile;
test.beforeAll(async ({}, testInfo) => {
  bigFile = testInfo.outputPath('customers-200k.csv');
  writeFileSync(bigFile, mallLike(ROWS));
});

/** Records the progress bar's value, max and phase at every change, from inside the page (a
 * timer could miss a phase that lasts a few milliseconds). */
async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    const record = () => {
      const bar = document.querySelector('[data-testid="progress"]');
      if (bar) window.__progress.push([bar.value, bar.max, document.querySelector('[data-testid="progress-phase"]')?.textContent]);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Writes a generated file of `rows` customers and chooses it on the Train page. */
async function chooseGenerated(page, testInfo, rows) {
  const file = testInfo.outputPath(`customers-${rows}.csv`);
  writeFileSync(file, mallLike(rows));
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(file);
}

/** The model's silhouette with what it was computed on. */
const silhouetteFacts = (page) => page.locator('dd').filter({ has: page.getByTestId('model-silhouette') });

async function loadBig(page) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(bigFile);
  await expect(page.getByTestId('data-summary')).toContainText('200,000 rows', { timeout: 30_000 });
}

test('a 200,000-row file trains and is classified in the worker, with progress that moves and finishes', async ({ page }) => {
  test.setTimeout(120_000);
  await loadBig(page);
  await recordProgress(page);
  await expect(page.getByTestId('sweep-run'), 'big files are swept on demand').toBeVisible();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 200,000 rows', { timeout: 60_000 });
  await page.getByTestId('nav-overview').click();
  const caption = page.locator('figure').filter({ has: page.getByTestId('overview-chart') }).locator('figcaption');
  await expect(caption).toContainText('showing 20,000 of 200,000');
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200,000 · Classified: 200,000', { timeout: 60_000 });
  await expect(page.getByTestId('batch-table').locator('tbody tr')).toHaveCount(25);

  const seen = await page.evaluate(() => window.__progress);
  const classifying = seen.filter(([, , phase]) => phase?.startsWith('Classifying'));
  expect(new Set(classifying.map(([v]) => v)).size, 'the bar moved while classifying').toBeGreaterThan(1);
  expect(seen.some(([v, max]) => max > 0 && v === max), 'the bar reached the end').toBe(true);
  await expect(page.getByTestId('progress')).toHaveJSProperty('value', await page.getByTestId('progress').evaluate((p) => p.max));

  const pending = page.waitForEvent('download');
  await page.getByTestId('batch-download').click();
  const lines = readFileSync(await (await pending).path(), 'utf8').trimEnd().split('\n');
  expect(lines.length).toBe(ROWS + 1);
  expect(lines[1].startsWith('1,')).toBe(true);
});

test('the page answers clicks while the worker sweeps k', async ({ page }) => {
  test.setTimeout(120_000);
  await loadBig(page);
  // Both workers hold their jobs: the sweep is still running when the page changes, by
  // construction rather than because the machine is slow enough.
  await fault(page, 'main', 'hold');
  await fault(page, 'second', 'hold');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('cancel')).toBeEnabled();
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('analytics-table')).toBeVisible();
  await expect(page.getByTestId('cancel'), 'the sweep was still running when the page answered').toBeEnabled();
  await page.getByTestId('nav-train').click();
  await fault(page, 'second', 'release');
  await fault(page, 'main', 'release');
  await expect(page.getByTestId('recommended-k')).toHaveText('5', { timeout: 60_000 });
});

test('a big file is swept by both workers; stopping one share stops both, and the next sweep works', async ({ page }) => {
  test.setTimeout(120_000);
  await loadBig(page);
  // The second worker holds its share: it is still comparing when Stop is pressed.
  await fault(page, 'second', 'hold');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-progress'), 'the second worker has its share').toBeVisible();
  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
  await expect(page.getByTestId('cancel'), 'the first worker\'s share stopped too, if it was still running').toHaveCount(0);
  await expect(page.getByTestId('recommended-k')).toHaveCount(0);
  // The new second worker was handed the hold: let it go.
  await fault(page, 'second', 'release');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('recommended-k')).toHaveText('5', { timeout: 60_000 });
  await expect(page.getByTestId('k-metrics-table').locator('tbody tr')).toHaveCount(9);
});

test('Cancel stops training at once and keeps the model; the next job works', async ({ page }) => {
  test.setTimeout(120_000);
  await loadBig(page);
  const inertia = await page.getByTestId('model-inertia').textContent();
  // The worker holds the training: it is still running when Cancel is pressed, by construction.
  await fault(page, 'main', 'hold');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('cancel')).toBeVisible();
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('train-outcome')).toHaveText('Training cancelled; the model is unchanged.');
  await expect(page.getByTestId('cancel'), 'Cancel is offered only while a job runs').toHaveCount(0);
  await expect(page.getByTestId('job-ended')).toHaveText('Cancelled; everything is as it was before.');
  await expect(page.getByTestId('model-inertia')).toHaveText(inertia);
  await expect(page.getByTestId('data-summary')).toContainText('200,000 rows');
  // A new worker was handed the same file (and the hold): training works without loading it again.
  await fault(page, 'main', 'release');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 200,000 rows', { timeout: 60_000 });
  await expect(page.getByTestId('model-inertia')).not.toHaveText(inertia);
});

test('a file swept on load does not hold up training: the sweep runs in the second worker', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/#/train');
  // The second worker holds the sweep until released: training ends while k is still being
  // compared, by construction.
  await fault(page, 'second', 'hold');
  const file = testInfo.outputPath('customers-50000.csv');
  writeFileSync(file, mallLike(50_000));
  await page.getByTestId('train-file').setInputFiles(file);
  await expect(page.getByTestId('sweep-progress')).toBeVisible();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 50,000 rows');
  await expect(page.getByTestId('sweep-progress'), 'training finished while k was still being compared').toBeVisible();
  await fault(page, 'second', 'release');
  await expect(page.getByTestId('recommended-k')).toHaveText('5', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
});

test('the silhouette on every row replaces the sampled one, with progress', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await chooseGenerated(page, testInfo, 30_000);
  await expect(page.getByTestId('data-summary')).toContainText('30,000 rows');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 30,000 rows');
  const facts = silhouetteFacts(page);
  // The second worker scores the model once it has compared k for this file, which it began on load.
  await expect(facts).toContainText('(on a seeded sample of 10,000 of 30,000 rows)', { timeout: 30_000 });
  const sampled = Number(await page.getByTestId('model-silhouette').textContent());
  await recordProgress(page);
  await page.getByTestId('silhouette-exact').click();
  await expect(page.getByTestId('silhouette-exact')).toHaveCount(0, { timeout: 60_000 });
  await expect(facts).not.toContainText('sample');
  const exact = Number(await page.getByTestId('model-silhouette').textContent());
  expect(Math.abs(exact - sampled), `exact ${exact} vs sampled ${sampled}`).toBeLessThan(0.02);
  const seen = await page.evaluate(() => window.__progress);
  expect(seen.some(([, , phase]) => phase?.endsWith('% of the pairs measured')), 'the bar said how far it was').toBe(true);
  await expect(page.getByTestId('progress')).toHaveJSProperty('value', 1);
});

test('Cancel stops the silhouette on every row and keeps the sampled one', async ({ page }) => {
  test.setTimeout(120_000);
  await loadBig(page);
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 200,000 rows', { timeout: 60_000 });
  const facts = silhouetteFacts(page);
  await expect(facts).toContainText('(on a seeded sample of 10,000 of 200,000 rows)');
  const sampled = await page.getByTestId('model-silhouette').textContent();
  await page.getByTestId('silhouette-exact').click();
  await expect(page.getByTestId('progress-phase')).toContainText('% of the pairs measured');
  await page.getByTestId('cancel').click();
  await expect(page.getByText('Cancelled; the sampled figure stays.')).toBeVisible();
  await expect(page.getByTestId('model-silhouette')).toHaveText(sampled);
  await expect(facts).toContainText('(on a seeded sample of 10,000 of 200,000 rows)');
  await expect(page.getByTestId('silhouette-exact'), 'it can be asked for again').toBeVisible();
});
