// Scatter axes fitted to the customers: one far-off income does not stretch the Overview's axis,
// it is drawn on the edge and counted under the chart.
import { test, expect, chartHasPixels } from './fixtures.mjs';

/** 300 customers with incomes around 40,000–80,000 and spending 1–100 (seeded, so every run
 * reads the same file), then one whose income is fifty times the median. */
function customersWithOneOutlier() {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const rows = Array.from({ length: 300 }, (_, i) => [i + 1, Math.round(40000 + 40000 * next()), 1 + Math.floor(100 * next())]);
  const incomes = rows.map((r) => r[1]).sort((a, b) => a - b);
  const median = (incomes[149] + incomes[150]) / 2;
  rows.push([301, median * 50, 50]);
  const csv = ['CustomerID,Annual Income,Spending Score', ...rows.map((r) => r.join(','))].join('\n');
  return { csv, median };
}

test('one income at fifty times the median is drawn on the edge of an axis fitted to the others, and counted', async ({ page }) => {
  const { csv, median } = customersWithOneOutlier();
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles({ name: 'outlier.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('recommended-k')).not.toBeEmpty();
  await page.getByTestId('k-input').fill('4');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-source')).toContainText('outlier.csv');

  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('dataset-summary')).toContainText('301 customers');
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);
  const axis = await page.getByTestId('overview-chart').evaluate((el) => {
    const chart = window.echarts.getInstanceByDom(el);
    const option = chart.getOption();
    return { name: option.xAxis[0].name, max: option.xAxis[0].max, drawn: chart.getModel().getComponent('xAxis', 0).axis.scale.getExtent() };
  });
  expect(axis.name).toBe('Annual Income');
  expect(axis.max, `x axis max ${axis.max}, the median income ${median}`).toBeLessThan(5 * median);
  expect(axis.drawn[1]).toBe(axis.max);
  expect(axis.max).toBeGreaterThanOrEqual(80000);
  await expect(page.getByTestId('axis-beyond')).toContainText('1 customer beyond the axis');
  await expect(page.getByTestId('axis-beyond')).toHaveCount(1);
});

test('the demo, without outliers, draws every customer where they lie and says nothing of the axis', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('segment-card')).toHaveCount(5);
  await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);
  await expect(page.getByTestId('axis-beyond')).toHaveCount(0);
});
