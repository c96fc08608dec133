// Workbooks as marketers have them: the Mall file saved from Excel with a notes sheet first,
// read on Train and Batch like its CSV, the results downloaded as .xlsx and read back with
// openpyxl, and broken workbooks refused with a reason (a password-protected one is in the
// hostile corpus, tests/corpus, which every file surface is tested with). The workbooks are written by
// tests/spreadsheets/make.py (openpyxl) into $SPREADSHEETS before this suite runs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect, expectSegmentSizes, MALL } from './fixtures.mjs';

const DIR = process.env.SPREADSHEETS;
const PYTHON = process.env.TEST_PYTHON;
const book = (name) => `${DIR}/${name}`;

test.beforeAll(() => {
  expect(DIR, 'SPREADSHEETS names the folder tests/spreadsheets/make.py wrote (scripts/test.sh sets it)').toBeTruthy();
  expect(PYTHON, 'TEST_PYTHON is the test venv with openpyxl (scripts/setup.sh sets it)').toBeTruthy();
});

/** Every row of the first sheet of an .xlsx, as openpyxl reads it (numbers stay numbers). */
function openpyxlRows(path) {
  const script = [
    'import json, sys, datetime, openpyxl',
    'book = openpyxl.load_workbook(sys.argv[1], read_only=True)',
    'sheet = book.worksheets[0]',
    'rows = [[c.isoformat() if isinstance(c, datetime.datetime) else c for c in r] for r in sheet.iter_rows(values_only=True)]',
    'print(json.dumps({"sheet": sheet.title, "rows": rows}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

test('a workbook with a notes sheet first trains to the same segments as its CSV', async ({ page }) => {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(book('mall.xlsx'));
  await expect(page.getByTestId('data-summary')).toContainText('mall.xlsx');
  await expect(page.getByTestId('data-summary')).toContainText('200 rows');
  const notes = page.getByTestId('read-notes');
  await expect(notes).toContainText('Excel workbook (.xlsx), sheet "Customers"');
  await expect(notes).toContainText('header on row 3: the rows above it were skipped as a title');
  const picker = page.getByTestId('sheet-picker');
  await expect(picker.locator('option')).toHaveText(['Notes', 'Customers']);
  await expect(picker).toHaveValue('Customers');
  await expect(page.getByTestId('data-preview')).toContainText('Female');
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  await expectSegmentSizes(page, [81, 39, 35, 23, 22]);
  await page.getByTestId('nav-train').click();

  // The notes sheet has no numbers: it is refused with the reason, and the customers stay loaded.
  await picker.selectOption('Notes');
  await expect(page.getByTestId('error')).toContainText('No column holds numbers');
  await expect(page.getByTestId('data-summary')).toContainText('200 rows');
  await expect(picker).toHaveValue('Customers');
  await picker.selectOption('Customers');
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('a bad cell in a workbook is named by its sheet and cell reference', async ({ page }) => {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(book('bad-cell.xlsx'));
  await expect(page.getByTestId('data-summary')).toContainText('bad-cell.xlsx');
  // Its headers are the demo's, so the demo's features stay chosen: income among them, shown
  // (and can be unticked) though the cell makes the column read as text in this file.
  await expect(page.getByTestId('feature-picker').getByLabel('Annual Income (k$)', { exact: true })).toBeChecked();
  const warning = page.getByTestId('skipped-rows');
  await expect(warning).toContainText('1 row is left out of training');
  await expect(warning).toContainText('Sheet "Customers", cell D17, column "Annual Income (k$)": "unknown" is not a number.');
});

test('Batch classifies a workbook and downloads every row and cell as CSV and as .xlsx', async ({ page }, testInfo) => {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(book('mall.xlsx'));
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('200');

  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('batch-download').click();
  const csvLines = readFileSync(await (await csvDownload).path(), 'utf8').trim().split('\n');
  expect(csvLines).toHaveLength(201);

  const pending = page.waitForEvent('download');
  await page.getByTestId('batch-download-xlsx').click();
  const download = await pending;
  expect(download.suggestedFilename()).toBe('segmentum-predictions.xlsx');
  // openpyxl goes by the file's extension.
  const saved = testInfo.outputPath('segmentum-predictions.xlsx');
  await download.saveAs(saved);
  const { sheet, rows } = openpyxlRows(saved);
  expect(sheet).toBe('Segments');
  const mall = readFileSync(MALL, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  expect(rows).toHaveLength(mall.length);
  expect(rows[0]).toEqual([...mall[0], 'segment_id', 'segment_name', 'distance_to_centroid', 'confidence', 'error']);
  // mall.xlsx holds the CSV's numbers as numbers (CustomerID 0001 became 1, as Excel makes it).
  const asInWorkbook = (cell) => (/^\d+$/.test(cell) ? Number(cell) : cell);
  for (let i = 1; i < mall.length; i++) {
    const row = rows[i];
    // Every original cell, in order; numbers as numbers, text as text.
    expect(row.slice(0, 5), `row ${i}`).toEqual(mall[i].map(asInWorkbook));
    expect(Number.isInteger(row[5]) && row[5] >= 1 && row[5] <= 5, `row ${i} segment id`).toBe(true);
    expect(typeof row[6]).toBe('string');
    expect(row[8] >= 0 && row[8] <= 1, `row ${i} confidence`).toBe(true);
    expect(row[9]).toBeNull();
  }
  const csvCounts = {};
  for (const line of csvLines.slice(1)) csvCounts[line.split(',')[5]] = (csvCounts[line.split(',')[5]] ?? 0) + 1;
  const xlsxCounts = {};
  for (const row of rows.slice(1)) xlsxCounts[row[5]] = (xlsxCounts[row[5]] ?? 0) + 1;
  expect(xlsxCounts).toEqual(csvCounts);
});

test('broken and awkward workbooks: each is refused with its reason or read as it is meant', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/train');
  await expect(page.getByTestId('data-summary')).toContainText('Mall customers (demo)');
  const refused = [
    [book('formulas-only.xlsx'), 'holds formulas but not their results'],
    [book('chart-only.xlsx'), 'No sheet of this workbook holds a table'],
    [book('corrupt.xlsx'), 'This workbook could not be read'],
  ];
  for (const [file, message] of refused) {
    await test.step(file.split('/').pop(), async () => {
      await page.getByTestId('train-file').setInputFiles(file);
      await expect(page.getByTestId('error')).toContainText(message);
      await expect(page.getByTestId('data-summary'), 'the data loaded before stays').toContainText('Mall customers (demo)');
    });
  }
  await test.step('a chart sheet before the data', async () => {
    await page.getByTestId('train-file').setInputFiles(book('chart-and-data.xlsx'));
    await expect(page.getByTestId('data-summary')).toContainText('200 rows');
    await expect(page.getByTestId('sheet-picker'), 'a chart sheet is not offered').toHaveCount(0);
  });
  await test.step('a sheet of 1,048,576 rows, Excel\'s limit', async () => {
    await page.getByTestId('train-file').setInputFiles(book('huge.xlsx'));
    await expect(page.getByTestId('data-summary')).toContainText('1,048,575 rows', { timeout: 150_000 });
    await expect(page.getByTestId('error')).toHaveCount(0);
  });
});
