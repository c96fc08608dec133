// Predict-page latency, median of N slider-like updates spaced 20 ms apart:
//  - update: from a typed value to the segment, the numbers and the pin's option being set
//    (input event, classification, DOM, effects), waiting one task so every effect has run;
//  - redraw: what ECharts then spends drawing the moved pin in the next frame.
// Usage: node bench/predict.mjs URL [updates]
import { launch, median } from './browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:4180/';
const updates = Number(process.argv[3] ?? 50);
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${url}#/predict`);
await page.getByTestId('predict-segment').waitFor();
await page.waitForTimeout(1500); // let the first draw's animation finish
const samples = await page.evaluate(async (n) => {
  const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
  const pause = () => new Promise((r) => setTimeout(r, 20));
  const input = document.querySelector('[data-testid="predict-input-annual-income-k"]');
  const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="predict-chart"]'));
  const update = [], redraw = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    input.value = String(20 + ((i * 7) % 100));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTask();
    update.push(performance.now() - t0);
    await pause();
  }
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    chart.setOption({ series: [{ id: 'customer', data: [{ name: 'x', value: [20 + i, 50] }] }] });
    redraw.push(performance.now() - t0);
    await pause();
  }
  return { update, redraw };
}, updates);
const [update, redraw] = [median(samples.update), median(samples.redraw)];
await browser.close();
console.log(`predict: update ${update.toFixed(1)} ms, pin redraw ${redraw.toFixed(1)} ms (medians of ${updates}; a frame is 16.7 ms)`);
