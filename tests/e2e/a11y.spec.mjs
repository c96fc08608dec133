// Accessibility: axe-core on every page, in the states a user sees them.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, trainMall } from './fixtures.mjs';

const PAGES = ['overview', 'train', 'analytics', 'predict', 'batch'];

/** Serious and critical violations on the current page, as readable lines. */
async function seriousViolations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const name of PAGES) {
  test(`${name} has no serious or critical axe violations`, async ({ page }) => {
    await page.goto(`/#/${name}`);
    await expect(page.getByTestId(`nav-${name}`)).toHaveAttribute('aria-current', 'page');
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('pages with results loaded have no serious or critical axe violations', async ({ page }) => {
  await trainMall(page);
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/#/batch');
  await page.getByTestId('batch-file').setInputFiles({
    name: 'two.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('annual_income,spending_score\n50,60\nabc,85\n'),
  });
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-summary')).toContainText('Not classified: 1');
  expect(await seriousViolations(page)).toEqual([]);
});
