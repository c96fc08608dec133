// Analytics after training the Mall file: silhouette per segment, the silhouette plot, and the
// least certain customers listed and downloaded.
import { readFileSync } from 'node:fs';
import { test, expect, chartHasPixels, trainMall } from './fixtures.mjs';

test('each segment has its silhouette and stability, and the silhouette plot draws', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-analytics').click();
  const silhouettes = page.getByTestId('segment-silhouette');
  await expect(silhouettes).toHaveCount(5);
  await expect.poll(async () => (await silhouettes.allTextContents()).every((t) => /^-?\d\.\d{3}$/.test(t)), { timeout: 20_000 }).toBe(true);
  const values = (await silhouettes.allTextContents()).map(Number);
  expect(values.every((v) => v > 0.3 && v <= 1), values.join(' ')).toBe(true);
  await expect.poll(() => chartHasPixels(page, 'silhouette-plot')).toBe(true);
});

test('the least certain customers are listed, least certain first, and downloaded', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-analytics').click();
  await page.getByTestId('borderline-run').click();
  const summary = page.getByTestId('borderline-summary');
  await expect(summary).toContainText('of 200 customers');
  const total = Number((await summary.locator('strong').textContent()).replace(/,/g, ''));
  expect(total).toBeGreaterThan(0);
  const rows = page.getByTestId('borderline-table').locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(total, 20));
  const shown = (await rows.locator('td:last-child').allTextContents()).map((t) => parseFloat(t));
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  expect(shown.every((c) => c < 20)).toBe(true);

  const pending = page.waitForEvent('download');
  await page.getByTestId('borderline-download').click();
  const download = await pending;
  expect(download.suggestedFilename()).toBe('segmentum-borderline.csv');
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(total + 1);
  expect(lines[0]).toBe('CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100),segment_id,segment_name,distance_to_centroid,confidence,error');
  const confidences = lines.slice(1).map((l) => Number(l.split(',')[8]));
  expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
  expect(Math.max(...confidences)).toBeLessThan(0.2);
});

test('the demo model lists its least certain customers too: the worker holds the demo it was trained on', async ({ page }) => {
  await page.goto('/#/analytics');
  await page.getByTestId('borderline-run').click();
  await expect(page.getByTestId('borderline-summary')).toContainText('of 200 customers');
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-use-train')).toHaveText('Classify the training file (Mall customers (demo))');
  // Kept over a reload, the demo model still knows the demo is its file.
  await page.reload();
  await expect(page.getByTestId('batch-use-train')).toHaveText('Classify the training file (Mall customers (demo))');
  await page.getByTestId('nav-analytics').click();
  await page.getByTestId('borderline-run').click();
  await expect(page.getByTestId('borderline-summary')).toContainText('of 200 customers');
});
