// What every browser benchmark shares: Debian's Chromium with the flags that keep it quiet, and the median.
import { chromium } from '@playwright/test';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Milliseconds, measured inside the page, from `event` on the element `from` (a test id) to the
 * element `to` showing `text`, while `act` runs. A MutationObserver sees the answer the moment it
 * is on screen: neither the automation's round trips nor its polling (up to 500 ms between
 * looks) are counted, nor, for an upload, the copy of the file into the browser.
 */
export async function timeInPage(page, { from, event = 'click', to, text = '' }, act) {
  const answered = page.evaluate(([from, event, to, text]) => new Promise((resolve) => {
    let start;
    document.querySelector(`[data-testid="${from}"]`).addEventListener(event, () => { start ??= performance.now(); }, { capture: true, once: true });
    const seen = () => {
      const el = document.querySelector(`[data-testid="${to}"]`);
      if (start === undefined || !el || !el.textContent.includes(text)) return;
      observer.disconnect();
      resolve(performance.now() - start);
    };
    const observer = new MutationObserver(seen);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }), [from, event, to, text]);
  await act();
  return answered;
}
