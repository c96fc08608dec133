// Page-load benchmark: bytes the page loads and time from navigation to the
// Overview chart having drawn, median of N runs in headless Chromium, each in a fresh context.
// Usage: node bench/page_load.mjs [url] [runs]   (serve dist/ first, e.g. node scripts/serve.mjs dist 4180)
import { launch, median } from './browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:4180/';
const runs = Number(process.argv[3] ?? 5);
const browser = await launch();

const times = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let loaded = 0;
  page.on('response', async (res) => {
    const body = await res.body().catch(() => Buffer.alloc(0));
    loaded += body.length;
  });
  const start = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => {
    const canvas = document.querySelector('[data-testid="overview-chart"] canvas');
    if (!canvas || !canvas.width) return false;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let j = 3; j < d.length; j += 4) if (d[j]) return true;
    return false;
  }, null, { polling: 10 });
  times.push(Date.now() - start);
  await page.waitForLoadState('networkidle');
  bytes = loaded;
  await context.close();
}
await browser.close();
console.log(`navigation → chart drawn: median ${median(times)} ms of ${runs} (${times.join(', ')} ms)`);
console.log(`bytes loaded (uncompressed): ${bytes.toLocaleString('en')}`);
