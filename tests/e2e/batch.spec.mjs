// Batch classification of whole files, and the results download: nothing lost.
import { readFileSync } from 'node:fs';
import { test, expect, chartHasPixels, trainMall, parseCsv, MALL } from './fixtures.mjs';

async function classify(page, file) {
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(file);
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toBeVisible();
}

async function downloadResults(page) {
  const pending = page.waitForEvent('download');
  await page.getByTestId('batch-download').click();
  const download = await pending;
  expect(download.suggestedFilename()).toBe('segmentum-predictions.csv');
  return parseCsv(readFileSync(await download.path(), 'utf8'));
}

test("the original tool's example file gets the documented segments", async ({ page }) => {
  await trainMall(page);
  await classify(page, {
    name: 'example.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('annual_income,spending_score\n50,60\n80,85\n30,20\n90,15\n'),
  });
  const [header, ...rows] = await downloadResults(page);
  expect(header).toEqual(['annual_income', 'spending_score', 'segment_id', 'segment_name', 'distance_to_centroid', 'confidence', 'error']);
  expect(rows.map((r) => r[3])).toEqual(['Standard Customers', 'Target Group', 'Careful Spenders', 'Sensible Customers']);
});

test('the classic Mall file comes back whole with the training counts', async ({ page }) => {
  await trainMall(page);
  await classify(page, MALL);
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200 · Classified: 200 · Not classified: 0');
  await expect(page.getByTestId('batch-table').locator('tbody tr')).toHaveCount(25);
  await expect.poll(() => chartHasPixels(page, 'batch-distribution-chart')).toBe(true);
  await page.getByTestId('batch-next').click();
  await expect(page.getByTestId('batch-table')).toContainText('Rows 26–50 of 200');

  const [header, ...rows] = await downloadResults(page);
  const input = parseCsv(readFileSync(MALL, 'utf8'));
  expect(rows).toHaveLength(200);
  expect(header.slice(0, 5)).toEqual(input[0]);
  rows.forEach((r, i) => expect(r.slice(0, 5)).toEqual(input[i + 1]));
  const counts = {};
  for (const r of rows) counts[r[6]] = (counts[r[6]] ?? 0) + 1;
  expect(Object.values(counts).sort((a, b) => b - a)).toEqual([81, 39, 35, 23, 22]);
});

test('bad rows come out with a reason and are counted', async ({ page }) => {
  await trainMall(page);
  await classify(page, {
    name: 'two-bad-rows.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('name,income,spending\nAnn,50,60\nBob,lots,60\nCy,80,85\nDee,90,\nEve,30,20\n'),
  });
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 5 · Classified: 3 · Not classified: 2');
  const [, ...rows] = await downloadResults(page);
  expect(rows.map((r) => r[0])).toEqual(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
  expect(rows[1][7]).toBe('Line 3, column "income": "lots" is not a number.');
  expect(rows[3][7]).toContain('Line 5, column "spending" is empty');
  expect(rows[0][7]).toBe('');
});

test('unknown column names get a mapping control instead of a failure', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles({
    name: 'renamed.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('salary,score\n80,85\n30,20\n'),
  });
  await expect(page.getByTestId('batch-mapping')).toBeVisible();
  await expect(page.getByTestId('batch-run')).toBeDisabled();
  await page.getByTestId('batch-map-annual-income-k').selectOption({ label: 'salary' });
  await page.getByTestId('batch-map-spending-score-1-100').selectOption({ label: 'score' });
  await page.getByTestId('batch-run').click();
  const [, ...rows] = await downloadResults(page);
  expect(rows.map((r) => r[3])).toEqual(['Target Group', 'Careful Spenders']);
});

test('formula cells are neutralised in the download', async ({ page }) => {
  await page.goto('/');
  await classify(page, {
    name: 'formula.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('note,Annual Income (k$),Spending Score (1-100)\n=HYPERLINK("http://x"),50,60\n-5,80,85\n'),
  });
  const [, ...rows] = await downloadResults(page);
  expect(rows[0][0]).toBe('\'=HYPERLINK("http://x")');
  expect(rows[1][0]).toBe('-5');
});

test('the results table counts lines as the file does, header first', async ({ page }) => {
  await page.goto('/');
  await classify(page, MALL);
  const first = page.getByTestId('batch-table').locator('tbody tr').first();
  await expect(first.locator('td').first()).toHaveText('2');
  await expect(first.locator('td').nth(6)).toHaveText('0001');
});

test('on screen the segment comes first, the file\'s columns after; the download keeps the file\'s order', async ({ page }) => {
  await page.goto('/');
  await classify(page, MALL);
  const headers = await page.getByTestId('batch-table').locator('thead th').allTextContents();
  expect(headers).toEqual([
    'Line', 'segment_id', 'segment_name', 'distance', 'confidence', 'error',
    'CustomerID', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)',
  ]);
  const first = page.getByTestId('batch-table').locator('tbody tr').first().locator('td');
  await expect(first.nth(1)).toHaveText(/^[1-5]$/);
  await expect(first.nth(3)).toHaveText(/^\d+\.\d\d$/);
  const [header] = await downloadResults(page);
  expect(header).toEqual([
    'CustomerID', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)',
    'segment_id', 'segment_name', 'distance_to_centroid', 'confidence', 'error',
  ]);
});

test('the file box names the file loaded, not the browser\'s "No file chosen"', async ({ page }) => {
  await page.goto('/#/batch');
  await expect(page.getByTestId('batch-file-name')).toHaveText('No file loaded yet.');
  await page.getByTestId('batch-file').setInputFiles(MALL);
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await expect(page.getByTestId('batch-file-name')).toHaveText('Loaded: Mall_Customers.csv');
  // The native control, whose own text would say "No file chosen", is out of sight but still
  // named by its label for keyboards and screen readers.
  const input = page.getByTestId('batch-file');
  expect(await input.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  await expect(input).toHaveAccessibleName(/choose a file/);
  await expect(input).toHaveAccessibleDescription('Loaded: Mall_Customers.csv');
});

test('a refused first file does not claim one was already loaded; a refused second one does', async ({ page }) => {
  await page.goto('/#/batch');
  const empty = { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') };
  await page.getByTestId('batch-file').setInputFiles(empty);
  await expect(page.getByTestId('error')).toContainText('No file is loaded yet.');
  await expect(page.getByTestId('error')).not.toContainText('already loaded');
  await page.getByTestId('batch-file').setInputFiles(MALL);
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await page.getByTestId('batch-file').setInputFiles(empty);
  await expect(page.getByTestId('error')).toContainText('The file already loaded is unchanged.');
});

test('a disabled button looks disabled: grey, flat, a not-allowed cursor', async ({ page }) => {
  await page.goto('/#/batch');
  const run = page.getByTestId('batch-run');
  await expect(run).toBeDisabled();
  const style = (el) => {
    const s = getComputedStyle(el);
    return { cursor: s.cursor, background: s.backgroundColor, color: s.color };
  };
  // Classify is a primary button: enabled it is white on blue.
  expect(await run.evaluate(style)).toEqual({ cursor: 'not-allowed', background: 'rgb(234, 238, 242)', color: 'rgb(87, 96, 106)' });
  await page.getByTestId('batch-file').setInputFiles(MALL);
  await expect(run).toBeEnabled();
  expect(await run.evaluate(style)).toEqual({ cursor: 'pointer', background: 'rgb(11, 92, 173)', color: 'rgb(255, 255, 255)' });
});
