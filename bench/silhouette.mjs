// Exact silhouette benchmark: train k = 5 on a file, then time the "Silhouette on all rows"
// button to the figure (every pair of customers measured once, in the worker), median of N
// runs, each in a fresh browser context. Usage: node bench/silhouette.mjs URL RUNS FILE...
import { launch, median } from './browser.mjs';
import { basename } from 'node:path';

const [url, runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const browser = await launch();

for (const file of files) {
  const times = [];
  let figures = '';
  for (let i = 0; i < runs; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}#/train`);
    await page.getByTestId('train-file').setInputFiles(file);
    await page.getByTestId('data-summary').filter({ hasText: basename(file) }).waitFor({ timeout: 600_000 });
    await page.getByTestId('k-input').fill('5');
    await page.getByTestId('train-button').click();
    await page.getByTestId('silhouette-exact').waitFor({ timeout: 600_000 });
    const sampled = await page.getByTestId('model-silhouette').textContent();
    const start = Date.now();
    await page.getByTestId('silhouette-exact').click();
    await page.getByTestId('silhouette-exact').waitFor({ state: 'detached', timeout: 600_000 });
    times.push(Date.now() - start);
    figures = `sampled ${sampled}, exact ${await page.getByTestId('model-silhouette').textContent()}`;
    await page.context().close();
  }
  console.log(`${basename(file)}: exact silhouette (k = 5) median ${median(times)} ms of ${runs} (${times.join(', ')} ms); ${figures}`);
}
await browser.close();
