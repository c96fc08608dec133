// Training on the classic public Mall Customers file through the real UI.
import { readFileSync } from 'node:fs';
import { test, expect, chartHasPixels, expectSegmentSizes, MALL } from './fixtures.mjs';


async function uploadMall(page) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  await expect(page.getByTestId('data-summary')).toContainText('200 rows');
  // The file box names the file, where the browser's own control would say "No file chosen".
  await expect(page.getByTestId('train-file-name')).toHaveText('Loaded: Mall_Customers.csv');
}

test('the sweep on the Mall file recommends 5 with scikit-learn figures', async ({ page }) => {
  await uploadMall(page);
  await expect(page.getByTestId('data-preview')).toContainText('numeric');
  const picker = page.getByTestId('feature-picker');
  await expect(picker.getByLabel('Annual Income (k$)')).toBeChecked();
  await expect(picker.getByLabel('Spending Score (1-100)')).toBeChecked();
  await expect(picker.getByLabel('CustomerID')).not.toBeChecked();

  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  const rows = page.getByTestId('k-metrics-table').locator('tbody tr');
  await expect(rows).toHaveCount(9);
  const k5 = rows.filter({ has: page.locator('td:first-child', { hasText: /^5$/ }) });
  await expect(k5.locator('td').nth(1)).toHaveText('44448.46');
  await expect(k5.locator('td').nth(2)).toHaveText('0.554');
  await expect.poll(() => chartHasPixels(page, 'elbow-chart')).toBe(true);
  await expect.poll(() => chartHasPixels(page, 'silhouette-chart')).toBe(true);
  await expect(page.getByTestId('k-input')).toHaveValue('5');
  await expect(page.getByTestId('recommendation-structure')).toContainText('At k = 5 the mean silhouette is 0.554: a reasonable structure');
  await expect(page.getByTestId('recommendation-widen'), '5 is inside 2..10').toHaveCount(0);
});

test('a typed k stays when a setting changes, with the new recommendation beside it to take', async ({ page }) => {
  await uploadMall(page);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await expect(page.getByTestId('k-recommended-hint')).toHaveCount(0);
  await page.getByTestId('k-input').fill('7');
  await page.getByTestId('k-to').fill('4');
  await page.getByTestId('k-to').dispatchEvent('change');
  // The comparison for k = 2..4 recommends its end, 4; the typed 7 stays.
  await expect(page.getByTestId('recommended-k')).toHaveText('4');
  await expect(page.getByTestId('k-recommended-hint')).toContainText('You chose k = 7; the comparison above recommends 4.');
  await expect(page.getByTestId('k-input')).toHaveValue('7');
  await page.getByTestId('k-use-recommended').click();
  await expect(page.getByTestId('k-input')).toHaveValue('4');
  await expect(page.getByTestId('k-recommended-hint')).toHaveCount(0);
  // 4 is the end of the range: comparing more is offered. Taken, the recommendation applies
  // again when the settings change.
  await expect(page.getByTestId('recommendation-widen')).toContainText('k = 4 is the largest k compared');
  await page.getByTestId('k-widen').click();
  await expect(page.getByTestId('k-to')).toHaveValue('9');
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await expect(page.getByTestId('k-input')).toHaveValue('5');
});

test('training k=5 gives the five archetypes with scikit-learn sizes, and the model survives a round trip', async ({ page }) => {
  await uploadMall(page);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
  await expect(page.getByTestId('model-silhouette')).toHaveText('0.554');
  // The current model says all it was trained with, and its file name in one piece.
  await expect(page.getByTestId('model-features')).toHaveText('Annual Income (k$), Spending Score (1-100)');
  await expect(page.getByTestId('model-categories')).toHaveText('None');
  await expect(page.getByTestId('model-transforms')).toHaveText('None');
  const source = page.getByTestId('model-source');
  await expect(source).toHaveText('Mall_Customers.csv');
  await expect(source).toHaveAttribute('title', 'Mall_Customers.csv');
  expect(await source.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');

  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  await expectSegmentSizes(page, [81, 39, 35, 23, 22]);
  const names = await page.getByTestId('segment-name').allTextContents();
  expect([...names].sort()).toEqual(['Careful Spenders', 'Careless Customers', 'Sensible Customers', 'Standard Customers', 'Target Group']);
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);

  // Rename one segment; the rename lives in the model.
  // The name turns into an input while editing, so find the card by position.
  const target = page.getByTestId('segment-card').nth(names.indexOf('Target Group'));
  await target.getByTestId('segment-rename').click();
  await target.getByTestId('segment-name-input').fill('VIP shoppers');
  await target.getByTestId('segment-name-input').press('Enter');
  await expect(page.getByTestId('segment-name').filter({ hasText: 'VIP shoppers' })).toHaveCount(1);

  await page.getByTestId('nav-train').click();
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('model-download').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('segmentum-model.json');
  const modelPath = await download.path();
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  expect(model.format).toBe('segmentum-model');
  expect(model.segments.map((s) => s.name)).toContain('VIP shoppers');

  // Reload: the model is restored from the browser.
  await page.reload();
  await page.getByTestId('nav-overview').click();
  await expectSegmentSizes(page, [81, 39, 35, 23, 22]);
  await expect(page.getByTestId('segment-name').filter({ hasText: 'VIP shoppers' })).toHaveCount(1);

  // Start over with the demo, then load the downloaded model back.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('nav-train').click();
  await page.getByTestId('model-upload').setInputFiles(modelPath);
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
  await page.getByTestId('nav-overview').click();
  await expectSegmentSizes(page, [81, 39, 35, 23, 22]);
  await expect(page.getByTestId('segment-name').filter({ hasText: 'VIP shoppers' })).toHaveCount(1);
});

test('a bad model file gets a clear message and leaves the model untouched', async ({ page }) => {
  await page.goto('/#/train');
  const before = await page.getByTestId('model-inertia').textContent();
  await page.getByTestId('model-upload').setInputFiles({
    name: 'not-a-model.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"something-else"}'),
  });
  await expect(page.getByRole('alert')).toContainText('not a Segmentum model');
  await expect(page.getByTestId('model-inertia')).toHaveText(before);
  await page.getByTestId('model-upload').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('CustomerID,Age') });
  await expect(page.getByRole('alert')).toContainText('not valid JSON');
});

test('the same file with semicolons and a BOM trains the same', async ({ page }) => {
  const text = '\uFEFF' + readFileSync(MALL, 'utf8').replaceAll(',', ';');
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles({ name: 'mall-semicolon.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
});

test('a file without numbers gets an alert, and the next valid file works', async ({ page }) => {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByTestId('error')).toContainText('The file is empty');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
});

test('rows with bad feature cells are listed and left out of training', async ({ page }) => {
  const csv = 'income,spending\n15,39\n16,81\nabc,6\n17,\n' + Array.from({ length: 30 }, (_, i) => `${20 + i},${(i * 37) % 100}`).join('\n');
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles({ name: 'bad-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const warning = page.getByTestId('skipped-rows');
  await expect(warning).toContainText('2 rows are left out of training');
  await expect(warning).toContainText('Line 4, column "income": "abc" is not a number.');
  await expect(warning).toContainText('Line 5, column "spending" is empty');
  // Read on Train, the advice names the setting on this page rather than sending the user here.
  await expect(warning).toContainText(
    'Line 5, column "spending" is empty. Every customer needs a number there, or choose under "Missing numbers" (step 2) how they are filled.',
  );
  await expect(warning).not.toContainText('on Train');
});

test('scaling, features and more than two axes', async ({ page }) => {
  await uploadMall(page);
  await page.getByTestId('feature-picker').getByLabel('Age').check();
  await page.getByTestId('scaling').selectOption('standard');
  await expect(page.getByTestId('recommended-k')).not.toBeEmpty();
  await page.getByTestId('k-input').fill('4');
  await page.getByTestId('train-button').click();
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(4);
  await page.getByTestId('axis-x').selectOption({ label: 'Age' });
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);

  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('analytics-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('analytics-summary')).toContainText('Age range');
  await expect(page.getByTestId('analytics-chart')).toHaveCount(3);
  await expect.poll(() => chartHasPixels(page, 'analytics-chart', 2)).toBe(true);
});

test('analytics shows the data ranges and downloads its table', async ({ page }) => {
  await page.goto('/#/analytics');
  await expect(page.getByTestId('analytics-summary')).toContainText('Annual Income (k$) range');
  await expect(page.getByTestId('analytics-table').locator('tbody tr')).toHaveCount(5);
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('analytics-download').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('segmentum-segments.csv');
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[0]).toContain('segment_id,segment_name,count,share');
});

test('a file dropped on the drop zone is read like a picked one', async ({ page }) => {
  await page.goto('/#/train');
  const text = readFileSync(MALL, 'utf8');
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  const zone = page.locator('.drop-zone').filter({ has: page.getByTestId('train-file') });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('data-summary')).toContainText('dropped.csv');
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
});
