// Predict-page latency: from a typed value to the segment, the numbers and the chart option being updated
// (the input event, the classification, the DOM update and the chart's effect), median of N updates.
// Usage: node bench/predict.mjs URL [updates]
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4180/';
const updates = Number(process.argv[3] ?? 50);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`${url}#/predict`);
await page.getByTestId('predict-segment').waitFor();
const times = await page.evaluate(async (n) => {
  const input = document.querySelector('[data-testid="predict-input-annual-income-k"]');
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    input.value = String(20 + ((i * 7) % 100));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Effects (the chart) run after the event; a zero timeout waits for them.
    await new Promise((r) => setTimeout(r, 0));
    out.push(performance.now() - t0);
  }
  return out;
}, updates);
await browser.close();
times.sort((a, b) => a - b);
console.log(`predict update (input → DOM and chart): median ${times[Math.floor(times.length / 2)].toFixed(1)} ms of ${updates}, max ${times.at(-1).toFixed(1)} ms`);
