// Every page works on a 390 px phone screen without horizontal scrolling.
import { test, expect } from './fixtures.mjs';

for (const page of ['overview', 'train', 'analytics', 'predict', 'batch']) {
  test(`${page} fits a phone screen`, async ({ page: p }) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(`/#/${page}`);
    await expect(p.getByTestId(`nav-${page}`)).toHaveAttribute('aria-current', 'page');
    await p.waitForTimeout(300);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
