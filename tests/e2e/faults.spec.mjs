// A worker that fails loudly and recovers. The test build (`--features test-hooks`) arms faults
// in a worker: a panic mid-job, an allocation until memory runs out, a reply that is not JSON.
// Each time the page says what stopped and what to do, keeps everything it showed, starts a new
// worker with the same files, and the next job works.
import { test, expect, fault, MALL } from './fixtures.mjs';

test.use({
  // What a dying worker prints: its panic, the allocator's failure, the trap that ends it.
  // (Chromium reports the trap as "unreachable", Firefox as "unreachable executed".)
  expectedErrors: /test fault|memory allocation of \d+ bytes failed|\bunreachable\b/i,
});

async function loadMall(page) {
  await page.getByTestId('train-file').setInputFiles(MALL);
  await expect(page.getByTestId('data-summary')).toContainText('Mall_Customers.csv');
}

test('a worker that panics while reading a file: the message names it, nothing changes, the next file loads', async ({ page }) => {
  await page.goto('/#/train');
  await expect(page.getByTestId('data-summary')).toContainText('Mall customers (demo)');
  await fault(page, 'main', 'panic');
  await page.getByTestId('train-file').setInputFiles(MALL);
  const stopped =
    'The worker stopped while reading Mall_Customers.csv (out of memory?). Nothing was changed, and a new worker has taken over';
  await expect(page.getByTestId('error').filter({ hasText: stopped })).toBeVisible();
  await expect(page.getByTestId('job-ended')).toContainText(stopped);
  await expect(page.getByTestId('data-summary'), 'the data shown is unchanged').toContainText('Mall customers (demo)');
  // The new worker holds the demo, as the old one did: training works without loading it again.
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained');
  await loadMall(page);
  await page.getByTestId('k-input').fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
});

test('a worker that runs out of memory while classifying is replaced; the file it held is classified next', async ({ page }) => {
  await page.goto('/#/train');
  await loadMall(page);
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-use-train').click();
  await expect(page.getByTestId('batch-file-summary')).toContainText('Mall_Customers.csv');
  await fault(page, 'main', 'exhaust');
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('error')).toContainText('The worker stopped while classifying (out of memory?)');
  await expect(page.getByTestId('batch-summary')).toHaveCount(0);
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Rows read: 200 · Classified: 200');
});

test('an answer the page cannot read fails its job with a message, and the model is unchanged', async ({ page }) => {
  await page.goto('/#/train');
  const inertia = await page.getByTestId('model-inertia').textContent();
  await fault(page, 'main', 'garble');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('error')).toContainText('The worker stopped while training (its answer could not be read)');
  await expect(page.getByTestId('model-inertia')).toHaveText(inertia);
  await page.getByTestId('k-input').fill('4');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 4 segments');
});

test('the second worker dying while it compares k is reported, and the next comparison works', async ({ page }) => {
  await page.goto('/#/train');
  await loadMall(page);
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await fault(page, 'second', 'panic');
  await page.getByTestId('k-to').fill('8');
  await page.getByTestId('k-to').dispatchEvent('change');
  await expect(page.getByTestId('error')).toContainText('The worker stopped while comparing k (out of memory?)');
  await page.getByTestId('k-to').fill('9');
  await page.getByTestId('k-to').dispatchEvent('change');
  await expect(page.getByTestId('recommended-k')).toHaveText('5');
  await expect(page.getByTestId('k-metrics-table').locator('tbody tr')).toHaveCount(8);
});
