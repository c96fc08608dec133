// The app in the engines Safari and Firefox users have: Firefox ESR over WebDriver BiDi
// (puppeteer-core) and WebKitGTK's MiniBrowser over WebDriver (selenium-webdriver), both from
// Debian's packages. The same flows run in each: the Overview draws, the Mall file trains to
// scikit-learn's figures, Predict, a Batch download read back from disk, Batch's segment lists (a
// zip of one CSV per segment, without the column unticked), the Mall workbook on Batch with its
// .xlsx results read back by openpyxl, the export panel (its SQLite query run by Python's sqlite3
// gives Batch's segments, its PMML holds five clusters, ONNX Runtime scores its ONNX alike), a bad
// file's alert, order lines streamed into the generator's customer table and trained to RFM names,
// the exported PMML loaded back as five segments naming their clusters, and no page error. Run by
// scripts/test.sh as `xvfb-run -a node --test tests/browsers/`.
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

/** Runs `lines` as a Python script in the test venv with `args`; what it prints, as JSON. */
const python = (lines, ...args) => JSON.parse(execFileSync(PYTHON, ['-c', lines.join('\n'), ...args], { encoding: 'utf8' }));
/** A CSV without quoted fields (the Mall file, Batch's results, the segment lists) as rows of cells. */
const csvRows = (path) => readFileSync(path, 'utf8').trimEnd().split(/\r?\n/).map((l) => l.split(','));
/** The Mall file as an SQLite table `mall` (columns as its header, INTEGER or REAL where every
 * value is one), the query in argv[2] run on it: its columns and rows. */
const SQLITE_RUN = [
  'import csv, json, sqlite3, sys',
  'header, *rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))',
  'def kind(values):',
  '    for read, name in ((int, "INTEGER"), (float, "REAL")):',
  '        try:',
  '            [read(v) for v in values]',
  '            return name',
  '        except ValueError:',
  '            pass',
  '    return "TEXT"',
  'columns = ", ".join(\'"%s" %s\' % (h.replace(\'"\', \'""\'), kind(c)) for h, c in zip(header, zip(*rows)))',
  'db = sqlite3.connect(":memory:")',
  'db.execute("CREATE TABLE mall (%s)" % columns)',
  'db.executemany("INSERT INTO mall VALUES (%s)" % ", ".join("?" * len(header)), rows)',
  'cursor = db.execute(open(sys.argv[2], encoding="utf-8").read())',
  'print(json.dumps({"columns": [c[0] for c in cursor.description], "rows": cursor.fetchall()}))',
];
/** The PMML file's root, and the number of Clusters in each ClusteringModel with the count it states. */
const PMML_READ = [
  'import json, sys, xml.etree.ElementTree as ET',
  'root = ET.parse(sys.argv[1]).getroot()',
  'local = lambda e: e.tag.rsplit("}", 1)[-1]',
  'models = [m for m in root if local(m) == "ClusteringModel"]',
  'print(json.dumps({"root": local(root), "models": [[m.get("numberOfClusters"), sum(local(c) == "Cluster" for c in m)] for m in models]}))',
];
/** The ONNX model's inputs, and its segment_id for every row of the CSV file, fed one [N, 1] float64 column per feature. */
const ONNX_SCORE = [
  'import csv, json, sys, numpy as np, onnxruntime as ort',
  'session = ort.InferenceSession(sys.argv[1])',
  'header, *rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))',
  'feed = {i.name: np.array([[float(r[header.index(i.name)])] for r in rows]) for i in session.get_inputs()}',
  'out = dict(zip([o.name for o in session.get_outputs()], session.run(None, feed)))',
  'print(json.dumps({"inputs": [i.name for i in session.get_inputs()], "ids": np.asarray(out["segment_id"]).ravel().tolist()}))',
];
/** Every file in the zip: its name and text. */
const UNZIP = [
  'import json, sys, zipfile',
  'z = zipfile.ZipFile(sys.argv[1])',
  'print(json.dumps([[n, z.read(n).decode("utf-8")] for n in z.namelist()]))',
];
/** Segment sizes of k = 5 on the Mall file's income and spending (scikit-learn's), largest first. */
const MALL_SIZES = [81, 39, 35, 23, 22];
const sizes = (ids) => Object.values(ids.reduce((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})).sort((x, y) => y - x);

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

    /** Batch's results for the Mall file (the download above): the header and 200 rows. */
    const batchResults = async () => csvRows(await downloaded(downloads, 'segmentum-predictions.csv'));

    test("Batch's segment lists: a zip of one CSV per segment, every row once, without the column unticked", async () => {
      assert.ok(PYTHON, 'scripts/test.sh sets TEST_PYTHON');
      await until(inPage.count, [id('segment-lists')], 1, 'the lists panel');
      const ticked = (sel) => [...document.querySelectorAll(`${sel} input[type=checkbox]`)].map((c) => `${c.dataset.testid} ${c.checked}`);
      const columns = ['customerid', 'genre', 'age', 'annual-income-k', 'spending-score-1-100'];
      await until(ticked, [id('segment-lists')], columns.map((c) => `list-column-${c} true`), 'every column ticked');
      await b.run(inPage.press, id('list-column-age'));
      await until(ticked, [id('segment-lists')], columns.map((c) => `list-column-${c} ${c !== 'age'}`), 'Age unticked');
      await until((sel) => !document.querySelector(sel)?.disabled, [id('segment-lists-download')], true, 'the lists offered');
      await b.run(inPage.press, id('segment-lists-download'));
      const files = python(UNZIP, await downloaded(downloads, 'segmentum-segments.zip'));
      // Each list: its segment's rows of Batch's results, in file order, every column but Age.
      const [header, ...rows] = await batchResults();
      const name = header.indexOf('segment_name');
      const names = [...new Set(rows.map((r) => r[name]))];
      assert.equal(names.length, 5, 'five segments in the results');
      assert.deepEqual(files.map(([file]) => file).sort(), names.map((n) => `${n}.csv`).sort(), 'one CSV per segment');
      const keep = [0, 1, 3, 4];
      for (const [file, text] of files) {
        const list = text.trimEnd().split(/\r?\n/).map((l) => l.split(','));
        const want = rows.filter((r) => `${r[name]}.csv` === file).map((r) => keep.map((c) => r[c]));
        assert.deepEqual(list, [['CustomerID', 'Genre', 'Annual Income (k$)', 'Spending Score (1-100)'], ...want], file);
      }
      assert.equal(files.reduce((n, [, text]) => n + text.trimEnd().split(/\r?\n/).length - 1, 0), 200, 'the lists hold 200 rows');
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

    test("the export panel's SQLite query, run by sqlite3, gives Batch's segments; its PMML has five clusters; ONNX Runtime scores its ONNX alike", async () => {
      assert.ok(PYTHON, 'scripts/test.sh sets TEST_PYTHON');
      await nav('train');
      await until(inPage.text, [id('model-inertia')], '44448.46', 'the Mall model');
      await until(inPage.count, [id('export-panel')], 1, 'the export panel');
      const value = (sel) => document.querySelector(sel).value;
      assert.equal(await b.run(value, id('sql-table')), 'customers', 'the default table');
      await b.run(inPage.select, id('sql-dialect'), 'sqlite');
      await b.run(inPage.fill, id('sql-table'), 'mall');
      await until((d, t) => [document.querySelector(d).value, document.querySelector(t).value], [id('sql-dialect'), id('sql-table')], ['sqlite', 'mall'], 'SQLite, table mall');
      await b.run(inPage.press, id('export-sql'));
      const query = python(SQLITE_RUN, MALL, await downloaded(downloads, 'segmentum-score.sql'));
      const [header, ...rows] = await batchResults();
      const batchIds = rows.map((r) => Number(r[header.indexOf('segment_id')]));
      const sqlIds = query.rows.map((r) => r[query.columns.indexOf('segment_id')]);
      assert.equal(sqlIds.length, 200, 'a row per customer');
      assert.deepEqual(sizes(sqlIds), MALL_SIZES, "scikit-learn's segment sizes");
      assert.deepEqual(sqlIds, batchIds, "every row in Batch's segment");

      await b.run(inPage.press, id('export-pmml'));
      const pmml = python(PMML_READ, await downloaded(downloads, 'segmentum-model.pmml'));
      assert.deepEqual(pmml, { root: 'PMML', models: [['5', 5]] }, 'a ClusteringModel of five Clusters');

      await until((sel) => !document.querySelector(sel)?.disabled, [id('export-onnx')], true, 'ONNX offered');
      await b.run(inPage.press, id('export-onnx'));
      const onnx = python(ONNX_SCORE, await downloaded(downloads, 'segmentum-model.onnx'), MALL);
      assert.deepEqual(onnx.inputs, ['Annual Income (k$)', 'Spending Score (1-100)']);
      assert.deepEqual(onnx.ids, batchIds, "ONNX Runtime puts every row in Batch's segment");
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

    test('the exported PMML loads through the model loader: five segments, each naming its cluster', async () => {
      await nav('train');
      await b.upload(id('model-upload'), await downloaded(downloads, 'segmentum-model.pmml'));
      await until((sel) => /^a PMML file by Segmentum\b/.test(document.querySelector(sel)?.textContent.trim() ?? ''), [id('model-imported')], true, 'read from PMML');
      await nav('overview');
      const sources = (card, source) => [...document.querySelectorAll(card)].map((c) => /^Cluster \d/.test(c.querySelector(source)?.textContent ?? ''));
      await until(sources, [id('segment-card'), id('segment-source-cluster')], [true, true, true, true, true], 'five cards naming their cluster');
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
