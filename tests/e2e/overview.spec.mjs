import { test, expect, chartHasPixels } from './fixtures.mjs';

test('the demo Overview shows a drawn chart and five named segments', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('dataset-summary')).toContainText('200 customers');
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);

  const names = await page.getByTestId('segment-name').allTextContents();
  expect(names.sort()).toEqual([
    'Careful Spenders',
    'Careless Customers',
    'Sensible Customers',
    'Standard Customers',
    'Target Group',
  ]);
  const sizes = await page.getByTestId('segment-size').allTextContents();
  const total = sizes.map((s) => Number(s.match(/^([\d,]+) customers/)[1].replace(/,/g, ''))).reduce((a, b) => a + b);
  expect(total).toBe(200);
});

test('every card names its strategy and averages', async ({ page }) => {
  await page.goto('/');
  const card = page.getByTestId('segment-card').filter({ hasText: 'Target Group' });
  await expect(card).toContainText('Premium & VIP');
  await expect(card).toContainText('Average Annual Income (k$)');
  await expect(card).toContainText('Average Spending Score (1-100)');
});

test('navigation marks the current page', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-overview').click();
  await expect(page).toHaveURL(/#\/overview$/);
  await expect(page.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');
});

test('a phone-sized screen needs no horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a point shows its income, spending and segment in a tooltip', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);
  await page.getByTestId('overview-chart').evaluate((el) => {
    window.echarts.getInstanceByDom(el).dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
  });
  const tip = page.getByTestId('overview-chart').locator('div').filter({ hasText: 'Annual Income (k$):' }).last();
  await expect(tip).toBeVisible();
  const text = await tip.innerText();
  const firstSegment = (await page.getByTestId('segment-name').first().textContent()).trim();
  expect(text).toContain(firstSegment);
  expect(text).toMatch(/Annual Income \(k\$\): [\d.]+ · Spending Score \(1-100\): [\d.]+/);
  expect(text).not.toContain('<br');
});

test('the first screen says the demo is shown and that your own data goes in on Train', async ({ page }) => {
  await page.goto('/');
  const note = page.getByTestId('overview-own-data');
  await expect(note).toContainText('These are demo customers');
  await expect(note).toContainText('To segment your own, load your CSV or spreadsheet on Train');
  await page.getByTestId('overview-train-link').click();
  await expect(page).toHaveURL(/#\/train$/);
  // With a model of the user's own data, the note has done its work.
  await page.getByTestId('train-file').setInputFiles({
    name: 'own.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('income,spending\n' + Array.from({ length: 30 }, (_, i) => `${20 + i},${(i * 37) % 100}`).join('\n') + '\n'),
  });
  await expect(page.getByTestId('data-summary')).toContainText('own.csv');
  await page.getByTestId('k-input').fill('3');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-source')).toHaveText('own.csv');
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(3);
  await expect(note).toHaveCount(0);
});
