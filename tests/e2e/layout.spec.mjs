// Every page works on a 390 px phone screen: no horizontal scrolling, and, with a trained model
// whose segments have long names, nothing cut or running past the screen's right edge.
import { test, expect, chartHasPixels, trainMall } from './fixtures.mjs';

// What each page shows of the demo once it is drawn.
const CONTENT = { overview: 'segment-card', train: 'train-file', analytics: 'analytics-table', predict: 'predict-segment', batch: 'batch-use-train' };

for (const [page, content] of Object.entries(CONTENT)) {
  test(`${page} fits a phone screen`, async ({ page: p }) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(`/#/${page}`);
    await expect(p.getByTestId(`nav-${page}`)).toHaveAttribute('aria-current', 'page');
    await expect(p.getByTestId(content).first()).toBeVisible();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The five pages on one line of the nav, not wrapped onto a second.
    const tops = await p.locator('.app-nav a').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
    expect(new Set(tops).size, `nav link tops ${tops.join(', ')}`).toBe(1);
  });
}

/** Every element that overflows its box or runs past the viewport's right edge, named by a
 * selector. An element overflows when its content is wider than it (scrollWidth > clientWidth + 1)
 * and it clips (overflow other than visible) or is the document. A table in a labelled,
 * keyboard-focusable scroll region (`.table-scroll`: role="region", aria-label, tabindex) scrolls
 * by design, as WCAG's reflow criterion allows data tables to; everything else must fit, the
 * table's caption included: it must be readable without scrolling the table. */
function offenders() {
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement && parts.length < 5; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += `#${e.id}`;
      for (const c of e.classList) part += `.${c}`;
      const testid = e.getAttribute('data-testid');
      if (testid) part += `[data-testid="${testid}"]`;
      parts.unshift(part);
      if (testid || e.id) break;
    }
    return parts.join(' > ') || 'html';
  };
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  const scrollRegion = (el) =>
    ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) &&
    el.getAttribute('role') === 'region' &&
    el.hasAttribute('aria-label') &&
    el.tabIndex >= 0;
  const clippedByAncestor = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) if (clips(e)) return true;
    return false;
  };
  const right = document.documentElement.clientWidth;
  const found = [];
  for (const el of [document.documentElement, document.body, ...document.body.querySelectorAll('*')]) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    // Hidden from sight on purpose, 1 px and clipped: a file input kept for keyboards and readers.
    if (el.classList.contains('visually-hidden')) continue;
    const isDocument = el === document.documentElement || el === document.body;
    if ((isDocument || clips(el)) && !scrollRegion(el) && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${describe(el)} overflows its box (scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth})`);
    }
    if (!isDocument && box.right > right + 1 && !clippedByAncestor(el)) {
      found.push(`${describe(el)} runs past the screen's right edge (${Math.round(box.right)} > ${right})`);
    }
    const region = el.closest('caption') && el.parentElement?.closest('[role="region"]');
    if (el.tagName === 'CAPTION' && region && box.right > region.getBoundingClientRect().right + 1) {
      found.push(`${describe(el)} runs past its scroll region's visible edge: cut until the table is scrolled`);
    }
  }
  return found;
}

const LONG_NAMES = [
  'Mostly Female, Low Income, Careful Spenders Over Fifty',
  'Mostly Male, High Income, Low Spending Professionals',
  'Young Students With Modest Incomes And Average Spending',
  'Wealthy Frequent Shoppers Who Respond To Premium Offers',
  'Budget-Conscious Families Looking For Everyday Discounts',
];

test('with long segment names, nothing is cut or runs off a phone screen on any page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await trainMall(page);
  await page.getByTestId('nav-overview').click();
  const cards = page.getByTestId('segment-card');
  await expect(cards).toHaveCount(5);
  for (const [i, name] of LONG_NAMES.entries()) {
    const card = cards.nth(i);
    await card.getByTestId('segment-rename').click();
    await card.getByTestId('segment-name-input').fill(name);
    await card.getByTestId('segment-rename-save').click();
    await expect(card.getByTestId('segment-name')).toHaveText(name);
  }

  // Each page with its content drawn: charts with pixels, tables and lists filled.
  const ready = {
    overview: async () => {
      await expect.poll(() => chartHasPixels(page, 'overview-chart')).toBe(true);
    },
    train: async () => {
      await expect(page.getByTestId('model-inertia')).toHaveText('44448.46');
    },
    analytics: async () => {
      await expect(page.getByTestId('analytics-table')).toContainText(LONG_NAMES[0]);
      await expect.poll(() => chartHasPixels(page, 'silhouette-plot'), { timeout: 20_000 }).toBe(true);
      for (let i = 0; i < (await page.getByTestId('analytics-chart').count()); i++) {
        await expect.poll(() => chartHasPixels(page, 'analytics-chart', i)).toBe(true);
      }
      await page.getByTestId('borderline-run').click();
      await expect(page.getByTestId('borderline-table')).toBeVisible();
    },
    predict: async () => {
      await expect(page.getByTestId('predict-segment')).not.toBeEmpty();
      await expect.poll(() => chartHasPixels(page, 'predict-chart')).toBe(true);
    },
    batch: async () => {
      await page.getByTestId('batch-use-train').click();
      await page.getByTestId('batch-run').click();
      await expect(page.getByTestId('batch-summary')).toContainText('Classified: 200');
      await expect(page.getByTestId('batch-table')).toContainText(LONG_NAMES[0].slice(0, 20));
      await expect.poll(() => chartHasPixels(page, 'batch-distribution-chart')).toBe(true);
    },
  };
  const problems = [];
  // What the canvas draws is not in the DOM: the charts' options say segment names are cut short
  // on axes and legends (the whole name in the tooltip) and legends scroll rather than wrap.
  const chartNames = async (testid, i) =>
    page.getByTestId(testid).nth(i).evaluate((el) => {
      const option = window.echarts.getInstanceByDom(el).getOption();
      const names = [...option.xAxis, ...option.yAxis].find((a) => a.type === 'category');
      return { axis: names?.data ?? [], legend: option.legend?.map((l) => [l.type, l.textStyle?.overflow]) ?? [] };
    });
  for (const [slug, drawn] of Object.entries(ready)) {
    await page.getByTestId(`nav-${slug}`).click();
    await expect(page.getByTestId(`nav-${slug}`)).toHaveAttribute('aria-current', 'page');
    await drawn();
    for (const problem of await page.evaluate(offenders)) problems.push(`${slug}: ${problem}`);
    if (slug === 'analytics') {
      for (let i = 0; i < (await page.getByTestId('analytics-chart').count()); i++) {
        const { axis } = await chartNames('analytics-chart', i);
        expect(axis).toHaveLength(5);
        for (const label of axis) if (label.length > 20) problems.push(`analytics: chart ${i} draws the name "${label}" whole`);
      }
      const { legend } = await chartNames('silhouette-plot', 0);
      if (JSON.stringify(legend) !== '[["scroll","truncate"]]') problems.push(`analytics: the silhouette plot's legend is ${JSON.stringify(legend)}, not one that scrolls with names cut short`);
    }
    if (slug === 'overview') {
      const { legend } = await chartNames('overview-chart', 0);
      if (JSON.stringify(legend) !== '[["scroll","truncate"]]') problems.push(`overview: the scatter's legend is ${JSON.stringify(legend)}, not one that scrolls with names cut short`);
    }
  }
  expect(problems, problems.join('\n')).toEqual([]);
});
