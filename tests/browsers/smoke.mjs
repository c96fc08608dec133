// The app in the engines Safari and Firefox users have: Firefox ESR over WebDriver BiDi
// (puppeteer-core) and WebKitGTK's MiniBrowser over WebDriver (selenium-webdriver), both from
// Debian's packages. The same flows run in each: the Overview draws, the Mall file trains to
// scikit-learn's figures, Predict, a Batch download read back from disk, the Mall workbook on
// Batch with its .xlsx results read back by openpyxl, a bad file's alert, order lines streamed
// into the generator's customer table and trained to RFM names, and no page error. Run by scripts/test.sh as `xvfb-run -a node --test tests/browsers/`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firefox, webkit } from './drivers.mjs';
import { DIST } from '../dist.mjs';

const root = new URL('../..', import.meta.url).pathname;
const MALL = join(root, '../shared/data/Mall_Customers.csv');
const BAD = join(root, 'tests/corpus/image-renamed.csv');
// Written by tests/spreadsheets/make.py; scripts/test.sh sets both.
const WORKBOOK = join(process.env.SPREADSHEETS ?? '', 'mall.xlsx');
const PYTHON = process.env.TEST_PYTHON;
const PORT = 4291;
const URL_ = `http://127.0.0.1:${PORT}/`;

// Order lines with the customer table they make, from tests/data/orders/generate.mjs.
const ORDERS = mkdtempSync(join(tmpdir(), 'segmentum-orders-'));
execFileSync('node', [join(root, 'tests/data/orders/generate.mjs'), ORDERS]);
const RFM_NAMES = ['Champions', 'Loyal Customers', 'Potential Loyalists', 'New Customers', 'Promising', 'Need Attention',
  'At Risk', "Can't Lose Them", 'Hibernating', 'Lost'];

let server;
before(async () => {
  server = spawn('node', ['scripts/serve.mjs', DIST, String(PORT)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ready) => server.stdout.once('data', ready));
});
after(() => {
  server.kill();
  rmSync(ORDERS, { recursive: true, force: true });
});

/** The page's own checks, run inside it. */
const inPage = {
  count: (sel) => document.querySelectorAll(sel).length,
  text: (sel) => document.querySelector(sel)?.textContent ?? null,
  canvasDrawn: (sel) => {
    const canvas = document.querySelector(`${sel} canvas`);
    if (!canvas || canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  },
  // Sets an input's value as typing would, for every engine alike.
  fill: (sel, value) => {
    const input = document.querySelector(sel);
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    set.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  },
  // Chooses an option of a <select> as a user would.
  select: (sel, value) => {
    const select = document.querySelector(sel);
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  },
  // Clicks an element where it is now: the sweep's charts above the Train button may still be
  // moving it, and a driver's click at coordinates taken a moment before can miss it.
  press: (sel) => document.querySelector(sel).click(),
  texts: (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()),
};

const id = (testid) => `[data-testid="${testid}"]`;

for (const engine of [firefox, webkit]) {
  describe(engine.name, () => {
    let b;
    const downloads = mkdtempSync(join(tmpdir(), 'segmentum-downloads-'));
    before(async () => {
      b = await engine.open(URL_, downloads);
    });
    after(async () => {
      await b?.close();
      rmSync(downloads, { recursive: true, force: true });
    });

    /** Waits until `check(...args)` run in the page returns `want` (deep equal), or fails with what it last saw. */
    async function until(check, args, want, what, timeout = 30_000) {
      const start = Date.now();
      let seen;
      while (Date.now() - start < timeout) {
        seen = await b.run(check, ...args);
        try {
          assert.deepEqual(seen, want);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.deepEqual(seen, want, what);
    }
    const nav = (page) => b.click(id(`nav-${page}`));

    test('the Overview draws the demo and its five segments', async () => {
      await until(inPage.count, [id('segment-card')], 5, 'five segment cards');
      await until(inPage.canvasDrawn, [id('overview-chart')], true, 'the scatter has pixels');
    });

    test('training the Mall file gives scikit-learn inertia and the five names', async () => {
      await nav('train');
      await b.upload(id('train-file'), MALL);
      await until(inPage.text, [id('recommended-k')], '5', 'the sweep recommends 5');
      await b.run(inPage.fill, id('k-input'), '5');
      await b.click(id('train-button'));
      await until(inPage.text, [id('model-inertia')], '44448.46', 'scikit-learn inertia');
      await nav('overview');
      await until((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent).sort(), [id('segment-name')],
        ['Careful Spenders', 'Careless Customers', 'Sensible Customers', 'Standard Customers', 'Target Group'], 'five names');
    });

    test('Predict puts income 80, spending 85 in Target Group at 7.14', async () => {
      await nav('predict');
      await until(inPage.count, [id('predict-input-annual-income-k')], 1, 'the income input');
      await b.run(inPage.fill, id('predict-input-annual-income-k'), '80');
      await b.run(inPage.fill, id('predict-input-spending-score-1-100'), '85');
      await until(inPage.text, [id('predict-segment')], 'Target Group', 'the segment');
      await until(inPage.text, [id('predict-distance')], '7.14', 'the distance');
    });

    test('Batch classifies the Mall file and downloads every row', async () => {
      await nav('batch');
      await b.upload(id('batch-file'), MALL);
      await until((sel) => !document.querySelector(sel)?.disabled, [id('batch-run')], true, 'Classify is offered');
      await b.click(id('batch-run'));
      await until(inPage.count, [id('batch-download')], 1, 'the download button');
      await b.click(id('batch-download'));
      const file = await downloaded(downloads, 'segmentum-predictions.csv');
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, 201, 'a header and 200 rows');
      assert.deepEqual(lines[0].split(',').slice(-5), ['segment_id', 'segment_name', 'distance_to_centroid', 'confidence', 'error']);
    });

    test('Batch reads the Mall workbook and downloads the results as .xlsx', async () => {
      assert.ok(process.env.SPREADSHEETS && PYTHON, 'scripts/test.sh sets SPREADSHEETS and TEST_PYTHON');
      await b.upload(id('batch-file'), WORKBOOK);
      await until((sel) => document.querySelector(sel)?.value, [id('sheet-picker')], 'Customers', 'the data sheet is read');
      await until((sel) => !document.querySelector(sel)?.disabled, [id('batch-run')], true, 'Classify is offered');
      await b.click(id('batch-run'));
      await until(inPage.count, [id('batch-download-xlsx')], 1, 'the Excel download button');
      await b.click(id('batch-download-xlsx'));
      const file = await downloaded(downloads, 'segmentum-predictions.xlsx');
      const read = 'import sys, openpyxl; s = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]; print(sum(1 for _ in s.iter_rows()))';
      assert.equal(execFileSync(PYTHON, ['-c', read, file], { encoding: 'utf8' }).trim(), '201', 'openpyxl reads a header and 200 rows');
    });

    test('a bad file gets the alert and the app goes on', async () => {
      await nav('train');
      await b.upload(id('train-file'), BAD);
      await until((sel) => /looks like .*not CSV text/.test(document.querySelector(sel)?.textContent ?? ''), [id('error')], true, 'the alert');
      await until(inPage.text, [id('model-inertia')], '44448.46', 'the model is unchanged');
    });

    test('the Mall file with Genre as a category: its mix on every card, its values on Predict', async () => {
      await nav('train');
      await until(inPage.text, [id('model-inertia')], '44448.46', 'the Mall model from before');
      await b.run(inPage.press, `${id('feature-picker')} input[value="Genre"]`);
      await b.run(inPage.press, `${id('feature-picker')} input[value="Age"]`);
      await b.run(inPage.select, id('scaling'), 'standard');
      await b.run(inPage.fill, id('k-input'), '5');
      await b.run(inPage.press, id('train-button'));
      // The inertia, or on failure what the page says (outcome, alert, the boxes ticked).
      const state = () => {
        const text = (t) => document.querySelector(`[data-testid="${t}"]`)?.textContent;
        if (text('model-inertia') === '216.78') return '216.78';
        const ticked = [...document.querySelectorAll('[data-testid="feature-picker"] input:checked')].map((i) => i.value);
        return JSON.stringify({ inertia: text('model-inertia'), outcome: text('train-outcome'), error: text('error'), ticked, k: document.querySelector('[data-testid="k-input"]').value, scaling: document.querySelector('[data-testid="scaling"]').value });
      };
      await until(state, [], '216.78', 'scikit-learn inertia on the encoded matrix');
      await nav('overview');
      await until(inPage.count, [id('segment-categories')], 5, 'a mix on every card');
      await nav('predict');
      await until(inPage.texts, [`${id('predict-input-genre')} option`], ['Female (56 % of customers)', 'Male (44 % of customers)'], 'the values');
    });

    test('a worker that panics mid-job is replaced: the message, the same data, and the next job works', async () => {
      await nav('train');
      assert.equal(await b.run(() => window.segmentumTest.fault('main', 'panic')), true, 'the test build arms the fault');
      await b.upload(id('train-file'), MALL);
      const said = (sel) => (document.querySelector(sel)?.textContent ?? '').split(' (')[0];
      await until(said, [id('job-ended')], 'The worker stopped while reading Mall_Customers.csv', 'the message');
      await until(inPage.text, [id('model-inertia')], '216.78', 'the model is unchanged');
      // The new worker was handed the file the old one held: training works without loading it again.
      await b.run(inPage.press, id('train-button'));
      await until((sel) => /^Trained 5 segments on 200 rows/.test(document.querySelector(sel)?.textContent ?? ''), [id('train-outcome')], true, 'trained again');
    });

    test('order lines stream into the known customer table and train to RFM names', async () => {
      const want = JSON.parse(readFileSync(join(ORDERS, 'orders.expected.json'), 'utf8'));
      await nav('train');
      await b.upload(id('train-file'), join(ORDERS, 'orders.csv'));
      await until(inPage.count, [id('rfm-build')], 1, 'the order-lines panel');
      await b.run(inPage.press, id('rfm-build'));
      const customers = `Customers in the table: ${want.customers.toLocaleString('en-US')}.`;
      await until((sel, t) => document.querySelector(sel)?.textContent.includes(t) ?? false, [id('rfm-summary'), customers], true, 'the summary');
      await b.click(id('rfm-download'));
      // The generator's table: every cell equal, Monetary to 1e-9 (no field of it is quoted).
      const rows = (text) => text.trimEnd().split(/\r?\n/).map((l) => l.split(','));
      const got = rows(readFileSync(await downloaded(downloads, 'orders-customers.csv'), 'utf8'));
      const known = rows(readFileSync(join(ORDERS, 'orders.expected.csv'), 'utf8'));
      assert.equal(got.length, known.length);
      got.forEach((row, i) => row.forEach((cell, j) => {
        if (j === 3 && i > 0) assert.ok(Math.abs(cell - known[i][j]) <= 1e-9 * Math.max(1, Math.abs(known[i][j])), `Monetary of row ${i}`);
        else assert.equal(cell, known[i][j], `row ${i}, column ${j}`);
      }));
      await b.run(inPage.fill, id('k-input'), '4');
      await b.run(inPage.press, id('train-button'));
      await until((sel) => /^Trained 4 segments/.test(document.querySelector(sel)?.textContent ?? ''), [id('train-outcome')], true, 'trained');
      await nav('overview');
      const names = (sel, known) => {
        const all = [...document.querySelectorAll(sel)].map((e) => e.textContent);
        return all.length === 4 && all.every((n) => known.includes(n)) && new Set(all).size === 4;
      };
      await until(names, [id('segment-name'), RFM_NAMES], true, 'four different RFM names');
    });

    test("no page error or console error in the whole session but the worker's planned panic", async () => {
      const planned = /test fault|\bunreachable\b/i;
      assert.deepEqual((await b.errors()).filter((e) => !planned.test(e)), []);
    });
  });
}

/** The downloaded file's path once the browser has finished writing it. */
async function downloaded(dir, name, timeout = 20_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    for (const folder of [dir, join(dir, 'Downloads')]) {
      try {
        const files = readdirSync(folder);
        const partial = files.some((f) => f.endsWith('.part') || f.endsWith('.download'));
        if (files.includes(name) && !partial) return join(folder, name);
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${name} was not downloaded to ${dir}`);
}
