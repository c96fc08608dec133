// Stale work is dropped: ticking features one by one on a wide file does not queue a sweep per
// tick. Each new sweep stops the one before, so one sweep runs for the settings on screen.
import { writeFileSync } from 'node:fs';
import { test, expect, fault } from './fixtures.mjs';

const COLUMNS = 16;

/** 800 customers around 3 centres in 16 numeric columns, from a fixed seed. */
function wide() {
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const header = Array.from({ length: COLUMNS }, (_, j) => `m${j + 1}`);
  const lines = [header.join(',')];
  for (let i = 0; i < 800; i++) {
    const centre = (i % 3) * 50;
    lines.push(header.map(() => (centre + rand() * 10).toFixed(3)).join(','));
  }
  return lines.join('\n') + '\n';
}

test('ticking features one by one leaves one sweep running, for the last settings', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath('wide.csv');
  writeFileSync(file, wide());
  await page.goto('/#/train');
  await page.getByTestId('train-file').setInputFiles(file);
  await expect(page.getByTestId('data-summary')).toContainText('wide.csv');
  // The second worker, which compares k, holds its jobs until released: every tick's sweep is
  // asked while the one before is still waiting or running, however fast the machine.
  await fault(page, 'second', 'hold');
  await page.getByTestId('features-none').click();
  const picker = page.getByTestId('feature-picker');
  for (let j = 1; j <= 10; j++) await picker.getByLabel(`m${j}`, { exact: true }).check();
  // From now on, record every phase the background sweep shows; then let the worker go.
  await page.evaluate(() => {
    window.__phases = [];
    const record = () => {
      const text = document.querySelector('[data-testid="sweep-progress"]')?.textContent ?? '';
      if (text !== window.__phases.at(-1)) window.__phases.push(text);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await fault(page, 'second', 'release');
  await expect(page.getByTestId('recommended-k')).toHaveText('3', { timeout: 90_000 });
  const phases = await page.evaluate(() => window.__phases);
  const starts = phases.filter((p) => p.includes('Sweeping k = 2 of 10'));
  // Had each tick's sweep been queued, several would start once released.
  expect(starts.length, `one sweep after the last tick: ${JSON.stringify(phases)}`).toBe(1);
});
