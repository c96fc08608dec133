// The current model out of the browser (issue 20): the export panel on Train writes one SQL query
// per dialect, and real engines (DuckDB and Python's SQLite, from the test venv: $TEST_PYTHON)
// running it on a Mall file with problems give what the app's own Batch results file says, row by
// row: the same segment ids and names, distances and confidences as printed, and the same errors
// without their line.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, MALL, parseCsv, trainMall, saveDownload as download } from './fixtures.mjs';

const PYTHON = process.env.TEST_PYTHON;
const ORACLE = new URL('../oracles/sql_engines.py', import.meta.url).pathname;

test.beforeAll(() => {
  expect(PYTHON, 'TEST_PYTHON is the test venv with duckdb (scripts/setup.sh sets it)').toBeTruthy();
});

/** The Mall file with a customer of an unseen gender (row 3), an empty income (row 5) and a
 * gender written " mALE " (row 8). */
function mallWithProblems(testInfo) {
  const lines = readFileSync(MALL, 'utf8').trim().split(/\r?\n/);
  const edited = lines.map((line, i) => {
    const cells = line.split(',');
    if (i === 3) cells[1] = 'Other';
    if (i === 5) cells[3] = '';
    if (i === 8) cells[1] = ' mALE ';
    return cells.join(',');
  });
  const file = testInfo.outputPath('mall-problems.csv');
  writeFileSync(file, edited.join('\n') + '\n');
  return file;
}

test('the SQL the export panel writes, run by DuckDB and SQLite, scores every row as Batch does', async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
  const picker = page.getByTestId('feature-picker');
  await picker.getByLabel('Genre (category)').check();
  await picker.getByLabel('Age', { exact: true }).check();
  await page.getByTestId('transform-annual-income-k').selectOption('log');
  await page.getByTestId('scaling').selectOption('standard');
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-categories')).toHaveText('Genre (2 values)');

  const panel = page.getByTestId('export-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('sql-table')).toHaveValue('customers');
  const sql = {};
  for (const dialect of ['duckdb', 'sqlite', 'bigquery']) {
    await page.getByTestId('sql-dialect').selectOption(dialect);
    const { path, suggested } = await download(page, 'export-sql', testInfo, `${dialect}.sql`);
    expect(suggested).toBe('segmentum-score.sql');
    sql[dialect] = path;
  }
  const duck = readFileSync(sql.duckdb, 'utf8');
  // Readable: the provenance up top, one CTE per step, headers quoted as the dialect quotes them.
  expect(duck).toContain('-- Model trained');
  expect(duck).toContain('on "Mall_Customers.csv"');
  for (const step of ['inputs AS', 'transformed AS', 'scaled AS', 'encoded AS', 'distances AS', 'nearest AS']) {
    expect(duck).toContain(step);
  }
  expect(duck).toContain('"Annual Income (k$)"');
  expect(readFileSync(sql.bigquery, 'utf8')).toContain('`Annual Income (k$)`');

  // The choices survive a visit to another page.
  await page.getByTestId('sql-dialect').selectOption('snowflake');
  await page.getByTestId('sql-table').fill('analytics.customers');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('sql-dialect')).toHaveValue('snowflake');
  await expect(page.getByTestId('sql-table')).toHaveValue('analytics.customers');
  const { path: snowflake } = await download(page, 'export-sql', testInfo, 'snowflake.sql');
  expect(readFileSync(snowflake, 'utf8')).toContain('FROM "analytics"."customers"');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-sql').click();
  await expect(page.getByTestId('copy-sql-status')).toHaveText('Copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(readFileSync(snowflake, 'utf8'));

  // The app's own Batch results for the same file: the oracle the engines must equal.
  const data = mallWithProblems(testInfo);
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(data);
  await expect(page.getByTestId('batch-preview')).toBeVisible();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Not classified: 2');
  const { path: results } = await download(page, 'batch-download', testInfo);
  const out = execFileSync(PYTHON, [ORACLE, '--app', sql.duckdb, sql.sqlite, data, results], { encoding: 'utf8' });
  expect(out).toContain('app/duckdb: 200 rows (198 classified)');
  expect(out).toContain('app/sqlite: 200 rows (198 classified)');
});

test('segment lists for a CRM: one CSV per segment in a zip, named safely, with the columns ticked', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await trainMall(page);
  // A name no file system takes as it is.
  await page.getByTestId('nav-overview').click();
  const card = page.getByTestId('segment-card').first();
  await card.getByTestId('segment-rename').click();
  await card.getByTestId('segment-name-input').fill('VIP / Gold: "top"');
  await card.getByTestId('segment-rename-save').click();

  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
  const lists = page.getByTestId('segment-lists');
  await lists.locator('summary').click();
  for (const c of ['customerid', 'genre', 'age', 'annual-income-k', 'spending-score-1-100']) {
    await expect(page.getByTestId(`list-column-${c}`)).toBeChecked();
  }
  await page.getByTestId('list-column-age').uncheck();
  await page.getByTestId('list-column-spending-score-1-100').uncheck();
  // The choice survives a visit to another page.
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('segment-lists').locator('summary').click();
  await expect(page.getByTestId('list-column-age')).not.toBeChecked();
  await expect(page.getByTestId('list-column-genre')).toBeChecked();

  const { path: zip, suggested } = await download(page, 'segment-lists-download', testInfo);
  expect(suggested).toBe('segmentum-segments.zip');
  const { path: results } = await download(page, 'batch-download', testInfo);
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'print(json.dumps([[n, z.read(n).decode("utf-8")] for n in z.namelist()]))',
  ].join('\n');
  const files = JSON.parse(execFileSync(PYTHON, ['-c', script, zip], { encoding: 'utf8' }));
  const rows = parseCsv(readFileSync(results, 'utf8')).slice(1);
  const names = [...new Set(rows.map((r) => r[6]))];
  expect(names).toContain('VIP / Gold: "top"');
  const safe = (n) => n.replace(/[<>:"/\\|?*]/g, '-');
  expect(files.map(([n]) => n).sort()).toEqual(names.map((n) => `${safe(n)}.csv`).sort());
  expect(files.map(([n]) => n)).toContain('VIP - Gold- -top-.csv');
  // Each list: its segment's customers, in file order, with the ticked columns only.
  for (const [file, text] of files) {
    const name = names.find((n) => `${safe(n)}.csv` === file);
    const want = rows.filter((r) => r[6] === name).map((r) => [r[0], r[1], r[3]]);
    expect(parseCsv(text), file).toEqual([['CustomerID', 'Genre', 'Annual Income (k$)'], ...want]);
  }
});

test('the ONNX file the panel writes, scored by ONNX Runtime, gives Batch results; a model with a category says why it has none', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await trainMall(page);
  await expect(page.getByTestId('export-onnx')).toBeEnabled();
  const { path: onnx, suggested } = await download(page, 'export-onnx', testInfo);
  expect(suggested).toBe('segmentum-model.onnx');

  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
  const { path: results } = await download(page, 'batch-download', testInfo);
  const script = [
    'import json, sys, numpy as np, onnxruntime as ort, pandas as pd',
    'session = ort.InferenceSession(sys.argv[1])',
    'df = pd.read_csv(sys.argv[2])',
    'feed = {i.name: df[i.name].to_numpy(dtype=np.float64).reshape(-1, 1) for i in session.get_inputs()}',
    'ids, dist, conf, _ = session.run(None, feed)',
    'print(json.dumps({"inputs": [i.name for i in session.get_inputs()], "ids": ids.tolist(), "dist": dist.tolist(), "conf": conf.tolist()}))',
  ].join('\n');
  const scored = JSON.parse(execFileSync(PYTHON, ['-c', script, onnx, MALL], { encoding: 'utf8' }));
  expect(scored.inputs).toEqual(['Annual Income (k$)', 'Spending Score (1-100)']);
  const rows = parseCsv(readFileSync(results, 'utf8')).slice(1);
  expect(rows).toHaveLength(200);
  const differ = rows.filter((r, i) => Number(r[5]) !== scored.ids[i]
    || r[7] !== scored.dist[i].toFixed(4) || r[8] !== scored.conf[i].toFixed(4));
  expect(differ, 'rows where ONNX Runtime and Batch differ').toEqual([]);

  // A category is not exported to ONNX: the panel says so and offers nothing that would score differently.
  await page.getByTestId('nav-train').click();
  await page.getByTestId('feature-picker').getByLabel('Genre (category)').check();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-categories')).toHaveText('Genre (2 values)');
  await expect(page.getByTestId('export-onnx')).toBeDisabled();
  await expect(page.getByTestId('export-onnx-note')).toContainText('Category features ("Genre") are not exported to ONNX yet');
});
