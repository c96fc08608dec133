// Categories, missing numbers and skewed amounts, as marketers' tables have them: the Mall file's
// Genre as a feature beside age, income and spending (checked row by row against scikit-learn on
// the same encoded matrix), an unseen category in a Batch file reported on its row, empty cells
// filled with the mean, and a log transform kept in the model. scikit-learn, pandas and openpyxl
// come from PyPI in the test venv ($TEST_PYTHON, set up by scripts/setup.sh).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, MALL } from './fixtures.mjs';

const PYTHON = process.env.TEST_PYTHON;
const ORACLE = new URL('../oracles/onehot_kmeans.py', import.meta.url).pathname;

test.beforeAll(() => {
  expect(PYTHON, 'TEST_PYTHON is the test venv with scikit-learn (scripts/setup.sh sets it)').toBeTruthy();
});

/** Trains k = 5 on the Mall file with Genre (category), Age, income and spending, standardised. */
async function trainWithGender(page) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  // The demo is the Mall file too: wait for this one, or its arrival resets the features.
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  const picker = page.getByTestId('feature-picker');
  await picker.getByLabel('Genre (category)').check();
  await picker.getByLabel('Age', { exact: true }).check();
  await page.getByTestId('scaling').selectOption('standard');
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('216.78');
  // The current model names its category beside its numbers.
  await expect(page.getByTestId('model-features')).toHaveText('Age, Annual Income (k$), Spending Score (1-100)');
  await expect(page.getByTestId('model-categories')).toHaveText('Genre (2 values)');
}

async function download(page, testid, testInfo, name) {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const file = await pending;
  const path = testInfo.outputPath(name ?? file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/** Splits a results CSV line (no quoted fields in these files). */
const cells = (line) => line.split(',');

test('the Mall file with gender as a category: mixes shown, Predict offers the values, every row as scikit-learn puts it', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await trainWithGender(page);

  await page.getByTestId('nav-overview').click();
  const cards = page.getByTestId('segment-card');
  await expect(cards).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    const mix = cards.nth(i).getByTestId('segment-categories');
    await expect(mix).toContainText('Genre:');
    await expect(mix).toContainText(/\d+ % (Female|Male)/);
  }

  await page.getByTestId('nav-analytics').click();
  const table = page.getByTestId('segment-categories');
  await expect(table.locator('tbody tr')).toHaveCount(6);
  await expect(table).toContainText('All customers');
  await expect(table).toContainText('56 % Female · 44 % Male');

  await page.getByTestId('nav-predict').click();
  const genre = page.getByTestId('predict-input-genre');
  await expect(genre.locator('option')).toHaveText(['Female (56 % of customers)', 'Male (44 % of customers)']);
  await genre.selectOption({ label: 'Male (44 % of customers)' });
  await expect(page.getByTestId('predict-segment')).not.toBeEmpty();

  await page.getByTestId('nav-train').click();
  const model = JSON.parse(readFileSync(await download(page, 'model-download', testInfo), 'utf8'));
  expect(model.version).toBe(2);
  expect(model.features).toEqual(['Age', 'Annual Income (k$)', 'Spending Score (1-100)']);
  expect(model.categories.map((c) => [c.name, c.values])).toEqual([['Genre', ['Female', 'Male']]]);
  expect(model.categories[0].weight).toBeCloseTo(Math.SQRT1_2, 15);

  // Every customer's segment, from Batch, against scikit-learn's KMeans on the encoded matrix.
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
  const lines = readFileSync(await download(page, 'batch-download', testInfo), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(201);
  const ours = lines.slice(1).map((l) => cells(l)[5]);
  const oracle = JSON.parse(
    execFileSync(PYTHON, [ORACLE, MALL, '5', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)'], { encoding: 'utf8' }),
  );
  expect(model.training.inertia / oracle.inertia).toBeCloseTo(1, 9);
  // The same partition: each of our segments is exactly one of scikit-learn's clusters.
  const pairs = new Map();
  ours.forEach((id, i) => {
    const theirs = pairs.get(id) ?? new Set();
    theirs.add(oracle.labels[i]);
    pairs.set(id, theirs);
  });
  expect(pairs.size).toBe(5);
  for (const [id, theirs] of pairs) expect([...theirs], `segment ${id}`).toHaveLength(1);
  expect(new Set([...pairs.values()].map((s) => [...s][0])).size).toBe(5);
});

test('a Batch row with an unseen category is reported on its row, not dropped; the .xlsx holds every row', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await trainWithGender(page);
  const mall = readFileSync(MALL, 'utf8').trim().split(/\r?\n/);
  // Customer 0003 becomes "Other": a value the model never saw.
  const edited = mall.map((line, i) => (i === 3 ? line.replace(',Female,', ',Other,') : line));
  expect(edited[3]).toContain(',Other,');
  const file = testInfo.outputPath('mall-other.csv');
  writeFileSync(file, edited.join('\n') + '\n');

  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(file);
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200');
  await expect(page.getByTestId('batch-summary')).toContainText('Not classified: 1');
  await expect(page.getByTestId('error')).toContainText('Line 4, column "Genre": "Other" is not one of the values the model was trained on ("Female", "Male")');

  const lines = readFileSync(await download(page, 'batch-download', testInfo), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(201);
  expect(lines[3].startsWith('0003,Other,20,16,6,,,,,')).toBe(true);
  expect(lines[3]).toContain('is not one of the values the model was trained on');

  const xlsx = await download(page, 'batch-download-xlsx', testInfo, 'segmentum-predictions.xlsx');
  const script = [
    'import json, sys, openpyxl',
    'sheet = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]',
    'print(json.dumps([list(r) for r in sheet.iter_rows(values_only=True)]))',
  ].join('\n');
  const rows = JSON.parse(execFileSync(PYTHON, ['-c', script, xlsx], { encoding: 'utf8' }));
  expect(rows).toHaveLength(201);
  for (let i = 1; i < rows.length; i++) {
    const original = cells(edited[i]);
    // Every original cell (the ids keep their leading zeros as text; numbers are numbers).
    expect(rows[i].slice(0, 5).map(String), `row ${i}`).toEqual(original);
    expect(rows[i][9] === null, `row ${i} error`).toBe(i !== 3);
  }
  expect(rows[3][5]).toBeNull();
  expect(rows[3][9]).toContain('"Other" is not one of the values');
});

test('empty income cells filled with the mean, listed; a log transform kept in the model, negatives mirrored', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const mall = readFileSync(MALL, 'utf8').trim().split(/\r?\n/);
  // Customers 0005 and 0010 lose their income; customer 0007's spending score becomes negative.
  const edited = mall.map((line, i) => {
    const c = cells(line);
    if (i === 5 || i === 10) c[3] = '';
    if (i === 7) c[4] = '-6';
    return c.join(',');
  });
  const file = testInfo.outputPath('mall-gaps.csv');
  writeFileSync(file, edited.join('\n') + '\n');

  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(file);
  await expect(page.getByTestId('data-summary')).toContainText('mall-gaps.csv');
  await expect(page.getByTestId('skipped-rows')).toContainText('2 rows are left out of training');
  await expect(page.getByTestId('missing')).toHaveValue('skip');
  await page.getByTestId('missing').selectOption('mean');
  await expect(page.getByTestId('skipped-rows')).toBeHidden();
  const filled = page.getByTestId('filled-rows');
  await expect(filled).toContainText('2 rows have a missing number, filled as chosen');
  await expect(filled).toContainText('Line 6, column "Annual Income (k$)" is empty.');
  await expect(filled).toContainText('Line 11, column "Annual Income (k$)" is empty.');

  // The log takes the spending score's -6 too (mirrored), so nothing is left out for it.
  const spending = page.getByTestId('transform-spending-score-1-100');
  await expect(spending.locator('option[value="log"]')).toBeEnabled();
  await page.getByTestId('transform-annual-income-k').selectOption('log');
  await page.getByTestId('scaling').selectOption('robust');
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 5 segments on 200 rows');
  await expect(page.getByTestId('model-transforms')).toHaveText('Annual Income (k$): Log, ln(1 + x) (negatives mirrored)');

  const model = JSON.parse(readFileSync(await download(page, 'model-download', testInfo), 'utf8'));
  expect(model.missing).toBe('mean');
  expect(model.transforms).toEqual([{ kind: 'log' }, { kind: 'none' }]);
  expect(model.scaling.kind).toBe('robust');
  // pandas: the mean income of the 198 customers who have one.
  const incomes = mall.slice(1).map((l) => Number(cells(l)[3])).filter((_, i) => i !== 4 && i !== 9);
  expect(model.fill[0]).toBeCloseTo(incomes.reduce((a, b) => a + b, 0) / incomes.length, 9);

  // Cards show original units: average incomes between the data's range, not logarithms.
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  const averages = await page.getByTestId('segment-card').locator('.stat dd').allTextContents();
  expect(averages.map(Number).every((v) => v > 10)).toBe(true);

  // Batch fills the empty income the same way: every row classified, the filled ones counted.
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
  await expect(page.getByTestId('batch-filled')).toContainText("2 rows had a missing number, classified after this model's rule: fill with the column's mean. The first: Line 6, column \"Annual Income (k$)\" is empty.");
});
