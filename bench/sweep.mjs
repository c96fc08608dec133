// Sweep benchmark: time from choosing a file on the Train page to the k = 2..10
// recommendation being shown (read, parse, scale, 9 fits, 4 metrics each), median of N runs,
// each in a fresh browser context. A file too big to sweep as it loads is swept by clicking
// Compare k as soon as it is shown. Usage: node bench/sweep.mjs URL RUNS FILE...
import { launch, median } from './browser.mjs';
import { basename } from 'node:path';

const [url, runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();

for (const file of files) {
  const times = [];
  let note = '';
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('recommended-k').waitFor();
    const start = Date.now();
    await page.getByTestId('train-file').setInputFiles(file);
    await page.getByTestId('data-summary').filter({ hasText: basename(file) }).waitFor({ timeout: 600_000 });
    if (await page.getByTestId('sweep-run').count()) await page.getByTestId('sweep-run').click();
    await page.getByTestId('recommended-k').waitFor({ timeout: 600_000 });
    times.push(Date.now() - start);
    note = (await page.locator('.hint').filter({ hasText: 'sample' }).allTextContents()).join(' ');
    await page.context().close();
  }
  console.log(`${basename(file)}: sweep k=2..10 median ${median(times)} ms of ${runs} (${times.join(', ')} ms) ${note}`);
}
await browser.close();
