// Every spec uses this `test`: it fails on any console error, any page error,
// and any request that leaves the app's origin (the privacy promise).
import { test as base, expect } from '@playwright/test';

// A spec that breaks a worker on purpose says which errors it expects (`test.use({ expectedErrors:
// /…|…/ })`); any other still fails it.
export const test = base.extend({
  expectedErrors: [null, { option: true }],
  page: async ({ page, baseURL, expectedErrors }, use) => {
    const origin = new URL(baseURL).origin;
    const problems = [];
    const expected = (text) => expectedErrors?.test(text) ?? false;
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !expected(msg.text())) problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => {
      if (!expected(err.message)) problems.push(`page error: ${err.message}`);
    });
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (['data:', 'blob:'].includes(url.protocol)) return;
      if (url.origin !== origin) problems.push(`request left the origin: ${req.url()}`);
    });
    await use(page);
    expect(problems, 'console errors, page errors and foreign requests').toEqual([]);
  },
});

export { expect };

/** True once the chart inside the `index`-th element with `testid` has drawn non-transparent pixels. */
export async function chartHasPixels(page, testid, index = 0) {
  return page.getByTestId(testid).nth(index).evaluate((el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
}

/** The classic public Mall Customers file that CI has beside the project. */
export const MALL = new URL('../../../shared/data/Mall_Customers.csv', import.meta.url).pathname;

/** Trains k=5 on the classic Mall file through the Train page. */
export async function trainMall(page) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
}

/** The Overview's segment sizes, largest first. */
async function segmentSizes(page) {
  const sizes = await page.getByTestId('segment-size').allTextContents();
  return sizes.map((s) => Number(s.match(/^([\d,]+) customers/)[1].replace(/,/g, ''))).sort((a, b) => b - a);
}

/** Waits until the Overview's cards show these sizes, largest first: after a reload the model is
 * restored a moment after the page first draws, so a single read can see no cards yet. */
export async function expectSegmentSizes(page, sizes) {
  await expect.poll(() => segmentSizes(page)).toEqual(sizes);
}

/** Arms a fault in the test build's `worker` ('main' or 'second'): 'panic', 'exhaust', 'garble',
 * 'hold' (its jobs wait) or 'release' (they go on). See worker/src/hooks.rs. */
export async function fault(page, worker, kind) {
  await page.waitForFunction(() => window.segmentumTest, null, { timeout: 10_000 }).catch(() => {
    throw new Error('window.segmentumTest is missing: not the test build (scripts/test.sh writes it to target/dist-test)');
  });
  const armed = await page.evaluate(([w, k]) => window.segmentumTest.fault(w, k), [worker, kind]);
  expect(armed, `the test build arms ${kind} in the ${worker} worker`).toBe(true);
}

/** A CSV download as rows of cells (quoted fields, CRLF or LF): enough for the files the app writes. */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Clicks `testid` and saves the download it starts under the test's output folder (as `name`, or
 * the name the app suggests): its path, and the name the app suggested. */
export async function saveDownload(page, testid, testInfo, name) {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const file = await pending;
  const path = testInfo.outputPath(name ?? file.suggestedFilename());
  await file.saveAs(path);
  return { path, suggested: file.suggestedFilename() };
}
