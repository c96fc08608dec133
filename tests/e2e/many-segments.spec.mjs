// Fifteen segments through the UI: Fränti's S1 benchmark (tests/data/sipu), compared over
// k = 2..25, trained at k = 15, each segment with a name, a colour and a stability of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';

const S1 = new URL('../data/sipu/s1.data', import.meta.url).pathname;

test('S1 is recommended 15 segments and trains 15 named, coloured and measured segments', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const csv = testInfo.outputPath('s1.csv');
  const rows = readFileSync(S1, 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).join(','));
  writeFileSync(csv, ['x,y', ...rows].join('\n'));
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(csv);
  await expect(page.getByTestId('data-summary')).toContainText('5,000 rows');
  await page.getByTestId('k-to').fill('25');
  await page.getByTestId('k-to').dispatchEvent('change');
  await expect(page.getByTestId('k-metrics-table').locator('tbody tr')).toHaveCount(24, { timeout: 60_000 });
  await expect(page.getByTestId('recommended-k')).toHaveText('15');
  const criteria = page.getByTestId('k-criteria').locator('tbody tr');
  await expect(criteria).toHaveCount(5);
  await expect(criteria.filter({ hasText: 'Silhouette' })).toContainText('15');
  await expect(page.getByTestId('recommendation-reason')).toContainText('of 5 criteria pick k = 15');

  await expect(page.getByTestId('k-input')).toHaveValue('15');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-outcome')).toContainText('Trained 15 segments on 5,000 rows');
  await page.getByTestId('nav-overview').click();
  const cards = page.getByTestId('segment-card');
  await expect(cards).toHaveCount(15);
  const names = await page.getByTestId('segment-name').allTextContents();
  expect(new Set(names).size, names.join(' | ')).toBe(15);
  const colours = await cards.evaluateAll((els) => els.map((e) => e.style.getPropertyValue('--segment-colour')));
  expect(new Set(colours).size, colours.join(' ')).toBe(15);
  // Stability is measured by the second worker after training; every segment gets one.
  await expect(page.getByTestId('segment-stability')).toHaveCount(15, { timeout: 60_000 });
  for (const v of await page.getByTestId('segment-stability').allTextContents()) {
    expect(Number(v)).toBeGreaterThanOrEqual(0);
    expect(Number(v)).toBeLessThanOrEqual(1);
  }
  // S1's clusters are real: most segments are at least stable.
  const bands = await page.getByTestId('segment-stability-band').allTextContents();
  expect(bands.filter((b) => b === 'highly stable' || b === 'stable').length, bands.join(', ')).toBeGreaterThanOrEqual(10);
});
