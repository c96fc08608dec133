// Work stays put: Batch results survive the model's stability arriving later and a rename (the
// download has the new name), every page shows what it showed after a visit elsewhere, and a
// reload keeps Train's settings and the customer typed on Predict.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test, expect, fault, MALL } from './fixtures.mjs';

/** The downloaded file's text, after clicking `testid`. */
async function downloaded(page, testid) {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const download = await pending;
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** Train's settings as the page shows them. */
async function trainSettings(page) {
  const picker = page.getByTestId('feature-picker');
  return {
    age: await picker.getByLabel('Age', { exact: true }).isChecked(),
    income: await picker.getByLabel('Annual Income (k$)').isChecked(),
    genre: await picker.getByLabel('Genre (category)').isChecked(),
    missing: await page.getByTestId('missing').inputValue(),
    scaling: await page.getByTestId('scaling').inputValue(),
    transform: await page.getByTestId('transform-annual-income-k').inputValue(),
    k: await page.getByTestId('k-input').inputValue(),
  };
}

const CHOSEN = { age: true, income: true, genre: true, missing: 'median', scaling: 'standard', transform: 'log', k: '6' };

test('results, settings and inputs stay put across stability, a rename, every page and a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#/train');
  await expect(page.getByTestId('data-summary')).toContainText('Mall customers (demo)');
  await expect(page.getByTestId('train-file-not-kept'), 'a first visit has lost no file').toHaveCount(0);
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  const picker = page.getByTestId('feature-picker');
  await picker.getByLabel('Age', { exact: true }).check();
  await picker.getByLabel('Genre (category)').check();
  await page.getByTestId('missing').selectOption('median');
  await page.getByTestId('scaling').selectOption('standard');
  await page.getByTestId('transform-annual-income-k').selectOption('log');
  await page.getByTestId('k-input').fill('6');
  expect(await trainSettings(page)).toEqual(CHOSEN);

  // The second worker holds the new model's silhouette and stability (and the sweep) until
  // released: the results below exist before they arrive, by construction.
  await fault(page, 'second', 'hold');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 6 segments on 200 rows');
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-use-train')).toHaveText('Classify the training file (Mall_Customers.csv)');
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200 · Classified: 200');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-stability')).toHaveCount(0);
  await fault(page, 'second', 'release');
  await expect(page.getByTestId('segment-stability')).toHaveCount(6);
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-summary'), 'stability arriving left the results').toContainText('Classified: 200');

  const csv = await downloaded(page, 'batch-download');
  expect(csv.name).toBe('segmentum-predictions.csv');
  const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
  expect(lines.length).toBe(201);
  const xlsx = await downloaded(page, 'batch-download-xlsx');
  expect(xlsx.name).toBe('segmentum-predictions.xlsx');
  expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');

  // A rename keeps the results, and the files downloaded after it have the new name.
  await page.getByTestId('nav-overview').click();
  const first = page.getByTestId('segment-card').first();
  const before = await first.getByTestId('segment-name').textContent();
  await first.getByTestId('segment-rename').click();
  await first.getByTestId('segment-name-input').fill('Weekend regulars');
  await first.getByTestId('segment-name-input').press('Enter');
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
  await expect(page.getByTestId('batch-table')).toContainText('Weekend regulars');
  const renamed = (await downloaded(page, 'batch-download')).bytes.toString('utf8');
  expect(renamed).toContain('Weekend regulars');
  expect(renamed).not.toContain(`,${before},`);
  expect(renamed.trimEnd().split('\n').length).toBe(201);

  // Predict keeps what was typed; every page keeps what it showed.
  await page.getByTestId('nav-predict').click();
  await page.getByTestId('predict-input-age').fill('33');
  const male = (await page.getByTestId('predict-input-genre').locator('option').allTextContents()).find((o) => o.startsWith('Male'));
  await page.getByTestId('predict-input-genre').selectOption({ label: male });
  for (const p of ['overview', 'analytics', 'train', 'batch', 'predict']) await page.getByTestId(`nav-${p}`).click();
  await expect(page.getByTestId('predict-input-age')).toHaveValue('33');
  await expect(page.getByTestId('predict-input-genre').locator('option:checked')).toHaveText(/^Male/);
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200 · Classified: 200');
  await expect(page.getByTestId('batch-file-summary')).toContainText('Mall_Customers.csv');
  await page.getByTestId('nav-train').click();
  expect(await trainSettings(page)).toEqual(CHOSEN);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  await expect(page.getByTestId('stability-resamples')).toHaveText('measured over 20 of 20 bootstrap resamples');

  // A reload keeps the settings (the demo on Train has the Mall file's columns) and the customer,
  // says which file to choose again, and Batch no longer calls the demo the training file.
  await page.reload();
  await page.getByTestId('nav-train').click();
  expect(await trainSettings(page)).toEqual(CHOSEN);
  await expect(page.getByTestId('train-file-not-kept')).toContainText('Mall_Customers.csv was not kept');
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-use-train')).toHaveText('Classify the file on Train (Mall customers (demo))');
  await page.reload();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-file-not-kept'), 'a second reload still says so').toContainText('Mall_Customers.csv');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  await expect(page.getByTestId('train-file-not-kept')).toHaveCount(0);
  expect(await trainSettings(page)).toEqual(CHOSEN);
  await page.getByTestId('nav-predict').click();
  await expect(page.getByTestId('predict-input-age')).toHaveValue('33');
  await expect(page.getByTestId('predict-input-genre').locator('option:checked')).toHaveText(/^Male/);
});

test('two different files with the same name are told apart by their bytes', async ({ page }, testInfo) => {
  // 600 customers around 3 well-separated centres, then around 6, both called blobs.csv.
  const blobs = (groups) => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lines = ['income,spending'];
    for (let i = 0; i < 600; i++) {
      const g = i % groups;
      lines.push(`${(100 * Math.cos(g) + 200 + rand() * 4).toFixed(2)},${(100 * Math.sin(g) + 200 + rand() * 4).toFixed(2)}`);
    }
    return lines.join('\n') + '\n';
  };
  const write = (dir, groups) => {
    const path = testInfo.outputPath(`${dir}/blobs.csv`);
    mkdirSync(testInfo.outputPath(dir), { recursive: true });
    writeFileSync(path, blobs(groups));
    return path;
  };
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(write('three', 3));
  await expect(page.getByTestId('recommended-k')).toHaveText('3');
  await page.getByTestId('train-file').setInputFiles(write('six', 6));
  await expect(page.getByTestId('recommended-k')).toHaveText('6');
});

test('the feature picker has "All numbers" and "None"', async ({ page }) => {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  const boxes = page.getByTestId('feature-picker').locator('input[type=checkbox]');
  await page.getByTestId('features-none').click();
  for (const box of await boxes.all()) await expect(box).not.toBeChecked();
  await expect(page.getByTestId('feature-picker').getByTestId('error')).toHaveText('Choose at least one feature.');
  await page.getByTestId('features-all').click();
  const numbers = ['CustomerID', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)'];
  for (const n of numbers) await expect(page.getByTestId('feature-picker').getByLabel(n, { exact: true })).toBeChecked();
  await expect(page.getByTestId('feature-picker').getByLabel('Genre (category)')).not.toBeChecked();
});
