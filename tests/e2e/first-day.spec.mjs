// A first day with real data (issue 18), on the generated tables in tests/data/shaped/ shaped like
// the public marketing, telco and wholesale files: the features and scaling a marketer would
// start on, names from the lexicon and strategies that differ, and Predict's choice always the
// nearest segment it lists.
import { readFileSync } from 'node:fs';
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
  // The model as its file has it: the test works out each customer's distances from it alone.
  await page.getByTestId('nav-train').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('model-download').click()]);
  const model = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(model.scaling.kind).toBe('standard');
  const [contracts] = model.categories;
  const expected = (numbers, code) => {
    const point = numbers.map((v, j) => (v - model.scaling.offset[j]) / model.scaling.scale[j]);
    point.push(...contracts.values.map((_, v) => (v === code ? contracts.weight : 0)));
    return model.segments
      .map((s) => ({ name: s.name, distance: Math.sqrt(s.model_centroid.reduce((sum, c, j) => sum + (c - point[j]) ** 2, 0)) }))
      .sort((a, b) => a.distance - b.distance);
  };
  await page.getByTestId('nav-predict').click();
  await expect(page.getByTestId('predict-distances')).toBeVisible();
  const read = () =>
    page.evaluate(() => ({
      chosen: document.querySelector('[data-testid=predict-segment]').textContent,
      rows: [...document.querySelectorAll('[data-testid=predict-distances] tbody tr')].map((r) => ({
        name: r.querySelector('th').textContent,
        distance: r.querySelector('td').textContent,
        best: r.classList.contains('best'),
      })),
    }));
  // A seeded generator: the same 200 customers every run.
  let seed = 18;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 200; i++) {
    const tenure = Math.round(random() * 72);
    const monthly = Number((18 + random() * 100).toFixed(2));
    const total = Number((tenure * monthly * (0.5 + random())).toFixed(2));
    const contract = Math.floor(random() * contracts.values.length);
    const numbers = { tenure, monthlycharges: monthly, totalcharges: total };
    // Typed in as a user does: each box's input event, the list's change event (the first with
    // Playwright's own typing, the other 199 at once, so the test takes seconds).
    if (i === 0) {
      for (const [slug, value] of Object.entries(numbers)) await page.getByTestId(`predict-input-${slug}`).fill(String(value));
      await page.getByTestId('predict-input-contract').selectOption(String(contract));
    } else {
      await page.evaluate(
        ({ numbers, contract }) => {
          const input = (slug) => document.querySelector(`[data-testid=predict-input-${slug}]`);
          for (const [slug, value] of Object.entries(numbers)) {
            input(slug).value = String(value);
            input(slug).dispatchEvent(new Event('input', { bubbles: true }));
          }
          input('contract').value = String(contract);
          input('contract').dispatchEvent(new Event('change', { bubbles: true }));
        },
        { numbers, contract },
      );
    }
    const want = expected([tenure, monthly, total], contract);
    const customer = `customer ${i}: tenure ${tenure}, monthly ${monthly}, total ${total}, ${contracts.values[contract]}`;
    // Waits for the page to show this customer: the nearest segment and every distance, in order.
    await expect
      .poll(async () => {
        const { chosen, rows } = await read();
        return { chosen, first: rows[0].name, best: rows[0].best, order: rows.map((r) => r.name), distances: rows.map((r) => r.distance) };
      }, { message: customer })
      .toEqual({
        chosen: want[0].name,
        first: want[0].name,
        best: true,
        order: want.map((w) => w.name),
        distances: want.map((w) => w.distance.toFixed(2)),
      });
  }
});
