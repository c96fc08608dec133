// Order lines into segments (issue 19): tests/data/orders/generate.mjs writes order lines whose
// customer table it knows exactly; the page builds the table, trains on Recency, Frequency and
// Monetary, names the segments as marketers do, and Batch scores the same lines per customer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, fault, parseCsv } from './fixtures.mjs';

const GENERATOR = new URL('../data/orders/generate.mjs', import.meta.url).pathname;
const RFM_NAMES = [
  'Champions', 'Loyal Customers', 'Potential Loyalists', 'New Customers', 'Promising', 'Need Attention', 'At Risk',
  "Can't Lose Them", 'Hibernating', 'Lost',
];

let dir;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'segmentum-orders-'));
  execFileSync('node', [GENERATOR, dir]);
});
const expected = (name) => JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8'));
const n = (v) => v.toLocaleString('en-US');

async function downloaded(page, testid) {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const file = await pending;
  return { name: file.suggestedFilename(), rows: parseCsv(readFileSync(await file.path(), 'utf8')) };
}

/** The table the page built equals the generator's, to the cent (Monetary to 1e-9 relative).
 * Compared in plain JavaScript, then one expect: an expect per cell is a reporter step each. */
function expectSameTable(rows, file) {
  const known = parseCsv(readFileSync(file, 'utf8'));
  expect(rows[0]).toEqual(known[0]);
  expect(rows.length).toBe(known.length);
  const close = (a, b) => Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b)));
  const differ = rows.slice(1).filter((row, i) => {
    const want = known[i + 1];
    return row.length !== want.length || row.some((cell, j) => (j === 3 ? !close(cell, want[j]) : cell !== want[j]));
  });
  expect(differ.slice(0, 5)).toEqual([]);
}

async function build(page, file) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(file);
  await expect(page.getByTestId('rfm-panel')).toBeVisible();
  await page.getByTestId('rfm-build').click();
  await expect(page.getByTestId('rfm-summary')).toBeVisible();
}

test('order lines become the known customer table, train on R, F and M, and get the names marketers use', async ({ page }) => {
  test.setTimeout(120_000);
  const want = expected('orders');
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(join(dir, 'orders.csv'));
  await expect(page.getByTestId('rfm-panel')).toBeVisible();
  // The columns guessed from the Online Retail headers; nothing to segment until the table exists.
  const chosen = (id) => page.getByTestId(id).evaluate((s) => s.selectedOptions[0]?.textContent);
  expect(await chosen('rfm-customer')).toBe('CustomerID');
  expect(await chosen('rfm-date')).toBe('InvoiceDate');
  expect(await chosen('rfm-order')).toBe('InvoiceNo');
  expect(await chosen('rfm-quantity')).toBe('Quantity');
  expect(await chosen('rfm-price')).toBe('UnitPrice');
  expect(await chosen('rfm-amount')).toBe('— none —');
  await expect(page.getByTestId('feature-picker')).toBeHidden();

  await page.getByTestId('rfm-build').click();
  const summary = page.getByTestId('rfm-summary');
  await expect(summary).toContainText(`Order lines read: ${n(want.lines)}.`);
  await expect(summary).toContainText(`Lines without a customer (left out): ${n(want.without_customer)}.`);
  await expect(summary).toContainText(`Cancellation lines: ${n(want.cancellations)} `);
  await expect(summary).toContainText(`Customers in the table: ${n(want.customers)}.`);
  await expect(summary).toContainText(`Customers left out (only cancellations): ${n(want.left_out)}.`);
  await expect(summary).toContainText(`(returned as much as they bought, or more; kept): ${n(want.net_not_positive)}.`);
  await expect(summary).toContainText("Dates read day/month/year, as the file's dates decide.");
  await expect(summary).toContainText(`Analysis date: ${want.analysis}`);
  await expect(page.getByTestId('rfm-analysis-date')).toHaveValue(want.analysis);

  const table = await downloaded(page, 'rfm-download');
  expect(table.name).toBe('orders-customers.csv');
  expectSameTable(table.rows, join(dir, 'orders.expected.csv'));

  // The table is the training table: R, F and M on a log scale, standardised.
  await expect(page.getByTestId('data-summary')).toContainText(`customers of orders.csv · ${n(want.customers)} rows`);
  const ticked = await page
    .locator('[data-testid=feature-picker] > label.check input:checked')
    .evaluateAll((els) => els.map((e) => e.value));
  expect(ticked).toEqual(['Recency', 'Frequency', 'Monetary']);
  for (const f of ['recency', 'frequency', 'monetary']) await expect(page.getByTestId(`transform-${f}`)).toHaveValue('log');
  await expect(page.getByTestId('scaling')).toHaveValue('standard');

  await page.getByTestId('k-input').fill('4');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText(`Trained 4 segments on ${n(want.customers)} rows`);
  await page.getByTestId('nav-overview').click();
  const cards = page.getByTestId('segment-card');
  await expect(cards).toHaveCount(4);
  const names = await cards.getByTestId('segment-name').allTextContents();
  for (const name of names) expect(RFM_NAMES).toContain(name);
  expect(new Set(names).size).toBe(4);
  // Each card: its share of customers and of revenue; the revenue shares add up to all of it.
  const revenue = await cards.getByTestId('segment-revenue').allTextContents();
  expect(revenue).toHaveLength(4);
  const total = revenue.map((r) => Number(r.match(/([\d.]+)\s?%/)[1])).reduce((a, b) => a + b);
  expect(Math.abs(total - 100)).toBeLessThan(0.3);

  // Batch on the same order lines: one row per customer of the file, in first-seen order, those
  // left out with the reason.
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(join(dir, 'orders.csv'));
  await expect(page.getByTestId('batch-orders-note')).toContainText(`${n(want.customers + want.left_out)} customers`);
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText(
    `Rows read: ${n(want.customers + want.left_out)} · Classified: ${n(want.customers)} · Not classified: ${n(want.left_out)}`,
  );
  const results = await downloaded(page, 'batch-download');
  const [header, ...rows] = results.rows;
  expect(header.slice(0, 8)).toEqual(['CustomerID', 'Recency', 'Frequency', 'Monetary', 'Tenure', 'First purchase', 'Last purchase', 'Left out']);
  const lines = parseCsv(readFileSync(join(dir, 'orders.csv'), 'utf8')).slice(1);
  const firstSeen = [...new Set(lines.map((l) => l[6]).filter((c) => c !== ''))];
  expect(rows.map((r) => r[0])).toEqual(firstSeen);
  const leftOut = rows.filter((r) => r[7] !== '');
  expect(leftOut).toHaveLength(want.left_out);
  for (const r of leftOut) expect(r[7]).toContain('only cancellations');
  for (const r of rows.filter((r) => r[7] === '')) expect(RFM_NAMES).toContain(r[header.indexOf('segment_name')]);
});

test('month-first dates are decided by the file, and dates that read both ways are the user\'s choice', async ({ page }) => {
  test.setTimeout(90_000);
  await build(page, join(dir, 'orders_us.csv'));
  await expect(page.getByTestId('rfm-summary')).toContainText("Dates read month/day/year, as the file's dates decide.");
  expectSameTable((await downloaded(page, 'rfm-download')).rows, join(dir, 'orders_us.expected.csv'));

  await build(page, join(dir, 'orders_ambiguous.csv'));
  const summary = page.getByTestId('rfm-summary');
  await expect(summary).toContainText('every date in the file could be read both ways');
  await expect(summary).toContainText('Dates read day/month');
  // Customer 13000 bought on 01/02/2024 and 11/04/2024: 11 April read day first, 4 November month first.
  const lastOf13000 = async () => (await downloaded(page, 'rfm-download')).rows.find((r) => r[0] === '13000')[6];
  expect(await lastOf13000()).toBe('2024-04-11');
  await page.getByTestId('rfm-date-order').selectOption('month');
  await page.getByTestId('rfm-build').click();
  await expect(summary).toContainText('Dates read month/day');
  expect(await lastOf13000()).toBe('2024-11-04');
});

test('the same order lines as a workbook give the same customer table', async ({ page }) => {
  test.setTimeout(90_000);
  const book = `${process.env.SPREADSHEETS}/orders.xlsx`;
  expect(process.env.SPREADSHEETS, 'SPREADSHEETS names the folder tests/spreadsheets/make.py wrote').toBeTruthy();
  await build(page, book);
  await expect(page.getByTestId('rfm-summary')).toContainText(`Customers in the table: ${n(expected('orders').customers)}.`);
  expectSameTable((await downloaded(page, 'rfm-download')).rows, join(dir, 'orders.expected.csv'));
});

test('a chosen analysis date is kept over a visit to another page and measures Recency to it', async ({ page }) => {
  test.setTimeout(90_000);
  await build(page, join(dir, 'orders.csv'));
  await page.getByTestId('rfm-analysis-date').fill('2024-12-31');
  await page.getByTestId('rfm-analysis-date').dispatchEvent('change');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('rfm-analysis-date')).toHaveValue('2024-12-31');
  await page.getByTestId('rfm-build').click();
  await expect(page.getByTestId('rfm-summary')).toContainText('Analysis date: 2024-12-31');
  const { rows } = await downloaded(page, 'rfm-download');
  const known = parseCsv(readFileSync(join(dir, 'orders.expected.csv'), 'utf8'));
  // 2024-12-31 is 189 days after the default 2024-06-25: every Recency and Tenure grows by that.
  expect(Number(rows[1][1])).toBe(Number(known[1][1]) + 189);
  expect(Number(rows[1][4])).toBe(Number(known[1][4]) + 189);
});

test('a big log streams in pieces with progress in lines and megabytes, and Cancel leaves the page as it was', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const big = testInfo.outputPath('big');
  execFileSync('node', [GENERATOR, big, '--lines', '200000']);
  const want = JSON.parse(readFileSync(join(big, 'orders.expected.json'), 'utf8'));
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(join(big, 'orders.csv'));
  await expect(page.getByTestId('rfm-intro')).toContainText('(12 MB) reads as order lines');
  // Only its first piece was looked at, and the summary says so rather than count those rows as all.
  await expect(page.getByTestId('rfm-lines-summary')).toContainText('rows in its first 4 MB (the rest is read when the table is built)');

  // Cancel while the build is running (held by the test build's worker, so no race with the
  // machine's speed): nothing is built, the panel stays, and building again works.
  await fault(page, 'main', 'hold');
  await page.getByTestId('rfm-build').click();
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('job-ended')).toHaveText('Cancelled; everything is as it was before.');
  await expect(page.getByTestId('rfm-summary')).toHaveCount(0);
  await expect(page.getByTestId('feature-picker')).toBeHidden();
  // The hold outlasts the restart Cancel makes, as the files do: let the new worker go on.
  await fault(page, 'main', 'release');

  await page.evaluate(() => {
    window.__phases = [];
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid="progress-phase"]')?.textContent;
      const bar = document.querySelector('[data-testid="progress"]');
      if (phase && bar) window.__phases.push([phase, bar.value]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByTestId('rfm-build').click();
  await expect(page.getByTestId('rfm-summary')).toContainText(`Customers in the table: ${n(want.customers)}.`, { timeout: 60_000 });
  const reading = (await page.evaluate(() => window.__phases)).filter(([p]) => p.startsWith('Reading order lines'));
  // One report per 4 MB piece read: the lines counted so far and the bytes of the whole file.
  expect(reading.length).toBeGreaterThanOrEqual(3);
  expect(reading.at(-1)[0]).toMatch(/^Reading order lines: [\d,]+ lines, 12 of 12 MB$/);
  const done = reading.map(([, v]) => v);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expectSameTable((await downloaded(page, 'rfm-download')).rows, join(big, 'orders.expected.csv'));
});
