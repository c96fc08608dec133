// Private by construction: a whole session never sends a request off the origin,
// and the Content-Security-Policy would stop anything that tried.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { test, expect, MALL, trainMall } from './fixtures.mjs';
import { DIST } from '../dist.mjs';

test('a whole session — every page, training, prediction, batch, downloads — stays on the origin', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  for (const name of ['overview', 'train', 'analytics', 'predict', 'batch']) {
    await page.goto(`/#/${name}`);
    await expect(page.getByTestId(`nav-${name}`)).toHaveAttribute('aria-current', 'page');
  }
  await trainMall(page);
  const model = page.waitForEvent('download');
  await page.getByTestId('model-download').click();
  await model;
  await page.getByTestId('nav-predict').click();
  await page.getByTestId('predict-input-annual-income-k').fill('80');
  await expect(page.getByTestId('predict-segment')).toBeVisible();
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-file').setInputFiles(MALL);
  await page.getByTestId('batch-run').click();
  const results = page.waitForEvent('download');
  await page.getByTestId('batch-download').click();
  await results;
  await page.getByTestId('nav-analytics').click();
  await page.reload();
  await expect(page.getByTestId('analytics-table')).toBeVisible();

  const offOrigin = requests.filter((u) => !['data:', 'blob:'].includes(new URL(u).protocol) && new URL(u).origin !== origin);
  expect(offOrigin).toEqual([]);
  expect(requests.length).toBeGreaterThan(5);
});

test('the Content-Security-Policy names no other origin and allows no eval', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['default-src']).toEqual(["'none'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  // The loader is a file of the origin's, so no hash and no 'unsafe-inline' or 'unsafe-eval'.
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
});

// Without the fixture: the violations below are expected console errors.
base('the policy is enforced: injected scripts and requests elsewhere are blocked', async ({ page }) => {
  const blocked = [];
  await page.exposeFunction('reportViolation', (v) => blocked.push(v));
  await page.goto('/');
  await expect(page.getByTestId('nav-overview')).toBeVisible();
  await page.evaluate(async () => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.effectiveDirective} ${e.blockedURI}`));
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    await fetch('https://example.com/collect').catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
  });
  expect(await page.evaluate(() => window.injected)).toBeUndefined();
  await base.expect.poll(() => blocked.sort()).toEqual(['connect-src https://example.com/collect', 'script-src-elem inline']);
});
