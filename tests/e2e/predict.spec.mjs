// One customer on the Predict page, against the model trained on the classic Mall file.
import { test, expect, chartHasPixels, trainMall } from './fixtures.mjs';

test('income 80, spending 85 is Target Group at distance 7.14; 75/80 too', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-predict').click();
  const income = page.getByTestId('predict-input-annual-income-k');
  const spending = page.getByTestId('predict-input-spending-score-1-100');
  await income.fill('80');
  await spending.fill('85');
  await expect(page.getByTestId('predict-segment')).toHaveText('Target Group');
  await expect(page.getByTestId('predict-distance')).toHaveText('7.14');
  await expect(page.getByTestId('predict-confidence')).toHaveText(/^\d+\.\d%$/);
  await expect.poll(() => chartHasPixels(page, 'predict-chart')).toBe(true);
  const pin = () =>
    page.getByTestId('predict-chart').evaluate((el) => {
      const series = window.echarts.getInstanceByDom(el).getOption().series.find((s) => s.id === 'customer');
      return series.data[0].value;
    });
  await expect.poll(pin).toEqual([80, 85]);

  await income.fill('75');
  await spending.fill('80');
  await expect(page.getByTestId('predict-segment')).toHaveText('Target Group');
  await expect.poll(pin).toEqual([75, 80]);
});

test('values outside the training data are allowed and flagged; boundaries are called borderline', async ({ page }) => {
  await trainMall(page);
  await page.getByTestId('nav-predict').click();
  await page.getByTestId('predict-input-annual-income-k').fill('400');
  await expect(page.getByText('Outside the data seen in training')).toBeVisible();
  await expect(page.getByTestId('predict-segment')).not.toBeEmpty();

  // Halfway between the Standard (≈55, 50) and Target (≈87, 82) centres.
  await page.getByTestId('predict-input-annual-income-k').fill('71');
  await page.getByTestId('predict-input-spending-score-1-100').fill('66');
  await expect(page.getByTestId('predict-borderline')).toContainText('Borderline between');
});

test('the slider moves the prediction', async ({ page }) => {
  await page.goto('/#/predict');
  const slider = page.getByLabel('Annual Income (k$) slider');
  await slider.fill('20');
  await expect(page.getByTestId('predict-input-annual-income-k')).toHaveValue('20');
  await expect(page.getByTestId('predict-segment')).not.toBeEmpty();
});
