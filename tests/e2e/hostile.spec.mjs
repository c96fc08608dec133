// Hostile, broken and huge files through every surface that reads a file: the
// Train upload, the Batch upload and the model loader. Each bad file gets an
// alert naming the problem, what was loaded before stays loaded, and the next
// valid file works without a reload. The corpus is tests/corpus (manifest.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, MALL, trainMall } from './fixtures.mjs';

const CORPUS = new URL('../corpus/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${CORPUS}manifest.json`, 'utf8'));
const path = (file) => `${CORPUS}${file}`;

/** A 7 MB workbook whose one sheet unpacks to 2.4 GB (a decompression bomb), written by
 * scripts/test.sh with `cargo run -p engine --example make_bomb`: refused before it can exhaust
 * the worker's memory. */
const BOMB = { file: `${process.env.SPREADSHEETS}/bomb.xlsx`, message: 'unpacks to more than 512 MB' };

/** Files too large to keep in the repository, written where the test can pass a path (Playwright's buffer limit is 50 MB). */
function hugeFiles(testInfo) {
  const mb50 = 50 * 1024 * 1024;
  const write = (name, text) => {
    const file = testInfo.outputPath(name);
    writeFileSync(file, text);
    return file;
  };
  return {
    refused: [
      { file: write('one-line-of-cells.csv', '1,'.repeat(mb50 / 2)), message: 'more than 1000 columns' },
      { file: write('one-line-no-breaks.csv', 'x'.repeat(mb50)), message: 'no data rows' },
    ],
    longCell: write('fifty-mb-cell.csv', `Annual Income (k$),Spending Score (1-100),Note\n15,39,${'n'.repeat(mb50)}\n16,81,short\n`),
  };
}

test('Train refuses every bad file with a reason and keeps the loaded data', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/#/train');
  await expect(page.getByTestId('data-summary')).toContainText('Mall customers (demo)');
  const inertia = await page.getByTestId('model-inertia').textContent();
  const cases = [...manifest.refused.map((c) => ({ ...c, file: path(c.file) })), ...hugeFiles(testInfo).refused, BOMB];
  for (const { file, message } of cases) {
    await test.step(file.split('/').pop(), async () => {
      await page.getByTestId('train-file').setInputFiles(file);
      const alert = page.getByTestId('error');
      await expect(alert).toContainText(message);
      await expect(alert).toHaveAttribute('role', 'alert');
      await expect(alert).toContainText(file.split('/').pop());
      await expect(page.getByTestId('data-summary')).toContainText('Mall customers (demo)');
      await expect(page.getByTestId('model-inertia')).toHaveText(inertia);
      await expect(page.getByTestId('recommended-k')).toHaveText('5');
    });
  }
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
});

test('Train reads awkward files as meant and names the rows it leaves out', async ({ page }) => {
  await page.goto('/#/train');
  // These files have 3 to 7 rows: sweep k = 2 only, so the only alert is the one under test.
  await page.getByTestId('k-to').fill('2');
  await page.getByTestId('k-to').dispatchEvent('change');
  for (const c of manifest.accepted) {
    await test.step(c.file, async () => {
      await page.getByTestId('train-file').setInputFiles(path(c.file));
      await expect(page.getByTestId('data-summary')).toContainText(`${c.file} · ${c.rows} rows`);
      await expect(page.getByTestId('read-notes')).toContainText(c.notes);
      await expect(page.getByTestId('data-preview')).toContainText(c.cell);
      if (c.alert) await expect(page.getByTestId('error')).toContainText(c.alert);
      else await expect(page.getByTestId('error')).toHaveCount(0);
      await page.getByTestId('k-input').fill('2');
      await page.getByTestId('train-button').click();
      await expect(page.getByRole('status').filter({ hasText: 'Trained 2 segments' })).toBeVisible();
      await expect(page.getByTestId('model-source')).toHaveText(c.file);
    });
  }
});

test('a 50 MB cell is read, shown shortened, and kept whole', async ({ page }, testInfo) => {
  const huge = hugeFiles(testInfo);
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(huge.longCell);
  await expect(page.getByTestId('data-summary')).toContainText('2 rows');
  const shown = await page.getByTestId('data-preview').locator('tbody tr').first().locator('td').nth(2).textContent();
  expect(shown).toBe(`${'n'.repeat(60)}…`);
  await expect(page.getByTestId('error')).toContainText('Comparing up to k = 10 needs more than 10 customers; the data has 2.');
  await page.getByTestId('k-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByRole('status').filter({ hasText: 'Trained 1 segment on 2 rows' })).toBeVisible();
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(huge.longCell);
  await page.getByTestId('batch-run').click();
  const pending = page.waitForEvent('download');
  await page.getByTestId('batch-download').click();
  const lines = readFileSync(await (await pending).path(), 'utf8').split('\n');
  expect(lines[1].startsWith(`15,39,${'n'.repeat(50 * 1024 * 1024)},1,`)).toBe(true);
  expect(lines[2].startsWith('16,81,short,1,')).toBe(true);
});

test('Batch refuses every bad file with a reason and keeps the loaded file', async ({ page }) => {
  test.setTimeout(90_000);
  await trainMall(page);
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(MALL);
  await expect(page.getByTestId('batch-file-summary')).toContainText('Mall_Customers.csv');
  for (const { file, message } of [...manifest.refused.map((c) => ({ ...c, file: path(c.file) })), BOMB]) {
    await test.step(file.split('/').pop(), async () => {
      await page.getByTestId('batch-file').setInputFiles(file);
      await expect(page.getByTestId('error')).toContainText(message);
      await expect(page.getByTestId('batch-file-summary')).toContainText('Mall_Customers.csv');
    });
  }
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200 · Classified: 200');
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('Batch says which features a file lacks, offers to map them, and accepts the next file', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-batch').click();
  const [{ file, message }] = manifest.batch_refused;
  await page.getByTestId('batch-file').setInputFiles(path(file));
  await expect(page.getByTestId('error')).toContainText(message);
  await expect(page.getByTestId('error')).toContainText('"Annual Income (k$)", "Spending Score (1-100)"');
  await expect(page.getByTestId('batch-run')).toBeDisabled();
  await page.getByTestId('batch-map-annual-income-k').selectOption({ label: 'Age' });
  await page.getByTestId('batch-map-spending-score-1-100').selectOption({ label: 'Visits' });
  await expect(page.getByTestId('error')).toHaveCount(0);
  // Classify waits for the file being read: the mapping above was for the file before.
  await page.getByTestId('batch-file').setInputFiles(path('latin1.csv'));
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-file-summary')).toContainText('latin1.csv');
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 4 · Classified: 4');
});

test('Batch keeps awkward files whole: every row back, bad ones with their reason', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-batch').click();
  for (const c of manifest.accepted.filter((c) => readFileSync(path(c.file), 'latin1').includes('Annual Income'))) {
    await test.step(c.file, async () => {
      await page.getByTestId('batch-file').setInputFiles(path(c.file));
      await page.getByTestId('batch-run').click();
      await expect(page.getByTestId('batch-summary')).toContainText(`Rows read: ${c.rows} ·`);
      if (c.alert) await expect(page.getByTestId('error')).toContainText(c.alert);
    });
  }
});

test('the model loader refuses damaged models and keeps the current one', async ({ page }, testInfo) => {
  await page.goto('/#/train');
  const inertia = await page.getByTestId('model-inertia').textContent();
  const pending = page.waitForEvent('download');
  await page.getByTestId('model-download').click();
  const good = readFileSync(await (await pending).path(), 'utf8');
  const edit = (change) => {
    const m = JSON.parse(good);
    change(m);
    return JSON.stringify(m, null, 2);
  };
  const cases = [
    ['not-json.json', 'CustomerID,Age\n1,20\n', 'not valid JSON'],
    ['picture.json', readFileSync(path('image-renamed.csv')), 'it is not text'],
    ['wrong-format.json', edit((m) => { m.format = 'other-tool'; }), 'is not a Segmentum model (format is "other-tool"'],
    ['wrong-version.json', edit((m) => { m.version = 99; }), 'has version 99'],
    ['wrong-dimensions.json', edit((m) => { m.segments[0].centroid.push(1); }), 'has a centre with 3 values for 2 features'],
    ['nan-centroid.json', good.replace('"centroid": [', '"centroid": [NaN, '), 'a value (NaN, line'],
    ['huge-centroid.json', edit((m) => { m.segments[1].centroid[0] = 1e300; }), 'not a finite number within ±1e16'],
  ];
  for (const [name, content, message] of cases) {
    await test.step(name, async () => {
      const file = testInfo.outputPath(name);
      writeFileSync(file, content);
      await page.getByTestId('model-upload').setInputFiles(file);
      await expect(page.getByTestId('error')).toContainText(message);
      await expect(page.getByTestId('error')).toContainText('The current model is unchanged.');
      await expect(page.getByTestId('model-inertia')).toHaveText(inertia);
    });
  }
  const file = testInfo.outputPath('good.json');
  writeFileSync(file, good);
  await page.getByTestId('model-upload').setInputFiles(file);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('model-inertia')).toHaveText(inertia);
});
