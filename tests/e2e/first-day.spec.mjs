// A first day with real data (issue 18), on the generated tables in tests/data/shaped/ shaped like
// the public marketing, telco and wholesale files: the features and scaling a marketer would
// start on, names from the lexicon and strategies that differ, and Predict's choice always the
// nearest segment it lists.
import { test, expect } from './fixtures.mjs';

const SHAPED = new URL('../data/shaped/', import.meta.url).pathname;

/** Loads a shaped file on Train and waits for its suggestion. */
async function load(page, name, mention) {
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(`${SHAPED}${name}`);
  await expect(page.getByTestId('why-defaults')).toContainText(mention);
}

/** The number features ticked in the picker, in order. */
const ticked = (page) =>
  page.locator('[data-testid=feature-picker] > label.check input:checked').evaluateAll((els) => els.map((e) => e.value));

/** Trains k segments on the file loaded, then reads the cards on the Overview. */
async function train(page, k, file) {
  await page.getByTestId('k-input').fill(String(k));
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('model-source')).toContainText(file);
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('segment-card')).toHaveCount(k);
  const cards = page.getByTestId('segment-card');
  return {
    names: await cards.getByTestId('segment-name').allTextContents(),
    strategies: await cards.locator('.strategy').allTextContents(),
  };
}

test('the marketing table starts on its measures with z-scores; lapsed customers are called lapsed', async ({ page }) => {
  await load(page, 'marketing.csv', 'Year_Birth (a year: tick it to segment by age)');
  expect(await ticked(page)).toEqual([
    'Income', 'Recency', 'MntWines', 'MntFruits', 'MntMeatProducts', 'MntFishProducts', 'MntSweetProducts',
    'MntGoldProds', 'NumDealsPurchases', 'NumWebPurchases', 'NumCatalogPurchases', 'NumStorePurchases',
    'NumWebVisitsMonth',
  ]);
  await expect(page.getByTestId('scaling')).toHaveValue('standard');
  const why = page.getByTestId('why-defaults');
  await expect(why).toContainText('ID (identifiers)');
  await expect(why).toContainText('Z_CostContact and Z_Revenue (the same in every row)');
  await expect(why).toContainText('z-scores, as Income varies');
  // Codes stored as numbers are offered as categories.
  await expect(page.getByTestId('feature-picker')).toContainText('Kidhome (category)');

  const { names, strategies } = await train(page, 4, 'marketing.csv');
  expect(new Set(names).size).toBe(4);
  expect(new Set(strategies).size, strategies.join('\n')).toBe(4);
  expect(names.some((n) => n.startsWith('Lapsed')), names.join(', ')).toBe(true);
  for (const name of names) expect(name).not.toMatch(/Recency/);
  for (const strategy of strategies) expect(strategy).not.toContain('Profile before targeting');
});

test('the telco table leaves the senior flag out and starts on tenure and charges', async ({ page }) => {
  await load(page, 'telco.csv', 'SeniorCitizen');
  expect(await ticked(page)).toEqual(['tenure', 'MonthlyCharges', 'TotalCharges']);
  await expect(page.getByTestId('scaling')).toHaveValue('standard');
  await expect(page.getByTestId('why-defaults')).toContainText('SeniorCitizen (flags or codes with a few values');
});

test('the wholesale table leaves its channel and region codes out and stays unscaled', async ({ page }) => {
  await load(page, 'wholesale.csv', 'Channel and Region');
  expect(await ticked(page)).toEqual(['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen']);
  await expect(page.getByTestId('scaling')).toHaveValue('none');
  await expect(page.getByTestId('feature-picker')).toContainText('Channel (category)');
  const { names, strategies } = await train(page, 3, 'wholesale.csv');
  expect(new Set(names).size).toBe(3);
  expect(new Set(strategies).size, strategies.join('\n')).toBe(3);
});

test("Predict's chosen segment is the nearest it lists, for 200 customers of a standardised model with a category", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await load(page, 'telco.csv', 'SeniorCitizen');
  await page.locator('[data-testid=feature-picker] input[value="Contract"]').check();
  await train(page, 4, 'telco.csv');
  await page.getByTestId('nav-predict').click();
  await expect(page.getByTestId('predict-distances')).toBeVisible();
  // A seeded generator: the same 200 customers every run.
  let seed = 18;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  for (let i = 0; i < 200; i++) {
    const tenure = String(Math.round(random() * 72));
    const monthly = (18 + random() * 100).toFixed(2);
    const total = (Number(tenure) * Number(monthly) * (0.5 + random())).toFixed(2);
    const contract = Math.floor(random() * 3);
    // The customer typed in as a user does: each box's input event, the list's change event (the
    // first with Playwright's own typing, the other 199 at once, so the test takes seconds).
    if (i === 0) {
      await page.getByTestId('predict-input-tenure').fill(tenure);
      await page.getByTestId('predict-input-monthlycharges').fill(monthly);
      await page.getByTestId('predict-input-totalcharges').fill(total);
      const select = page.getByTestId('predict-input-contract');
      await select.selectOption(await select.locator('option').nth(contract).getAttribute('value'));
    }
    const seen = await page.evaluate(
      async ({ numbers, contract }) => {
        const input = (slug) => document.querySelector(`[data-testid=predict-input-${slug}]`);
        for (const [slug, value] of Object.entries(numbers)) {
          input(slug).value = value;
          input(slug).dispatchEvent(new Event('input', { bubbles: true }));
        }
        input('contract').selectedIndex = contract;
        input('contract').dispatchEvent(new Event('change', { bubbles: true }));
        // The page redraws in microtasks, all run before the next frame.
        await new Promise((done) => requestAnimationFrame(() => done()));
        const rows = [...document.querySelectorAll('[data-testid=predict-distances] tbody tr')];
        return {
          chosen: document.querySelector('[data-testid=predict-segment]').textContent,
          first: rows[0].querySelector('th').textContent,
          best: rows[0].classList.contains('best'),
          distances: rows.map((r) => Number(r.querySelector('td').textContent)),
        };
      },
      { numbers: { tenure, monthlycharges: monthly, totalcharges: total }, contract },
    );
    const customer = `customer ${i}: tenure ${tenure}, monthly ${monthly}, total ${total}, ${contracts[contract]}`;
    expect(seen.first, customer).toBe(seen.chosen);
    expect(seen.best, customer).toBe(true);
    expect(seen.distances, customer).toEqual([...seen.distances].sort((a, b) => a - b));
  }
});
