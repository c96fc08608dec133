// One small interface over two automation protocols, so the smoke flows read the same in each
// engine: open, run (a function inside the page), click, upload, errors, close.
import puppeteer from 'puppeteer-core';
import { Builder, By } from 'selenium-webdriver';
import { spawn } from 'node:child_process';

/** Collects page errors and console errors from inside the page (WebKit's WebDriver reads no console). */
function watchErrors() {
  window.__segmentumErrors = [];
  const seen = (what) => window.__segmentumErrors.push(String(what));
  window.addEventListener('error', (e) => seen(`page error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => seen(`unhandled rejection: ${e.reason}`));
  const original = console.error.bind(console);
  console.error = (...args) => {
    seen(`console error: ${args.join(' ')}`);
    original(...args);
  };
}

export const firefox = {
  name: 'Firefox ESR (WebDriver BiDi)',
  async open(url, downloads) {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      headless: true,
      extraPrefsFirefox: {
        'browser.download.dir': downloads,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.helperApps.neverAsk.saveToDisk': 'text/csv,application/json',
      },
    });
    const page = await browser.newPage();
    const problems = [];
    const origin = new URL(url).origin;
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) problems.push(`request left the origin: ${r.url()}`);
    });
    await page.goto(url);
    return {
      run: (fn, ...args) => page.evaluate(fn, ...args),
      click: (sel) => page.click(sel),
      upload: async (sel, path) => (await page.$(sel)).uploadFile(path),
      errors: async () => problems,
      close: () => browser.close(),
    };
  },
};

export const webkit = {
  name: 'WebKitGTK MiniBrowser (WebDriver)',
  async open(url, downloads) {
    // MiniBrowser saves downloads in $HOME (or its Downloads folder): give it the test's folder.
    const port = 4292;
    const driverProcess = spawn(process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver', [`--port=${port}`], {
      env: { ...process.env, HOME: downloads },
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 500));
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      })
      .build();
    await driver.get(url);
    // Installed as the app starts; the app is one page, so it watches the whole session.
    await driver.executeScript(`(${watchErrors})()`);
    const run = (fn, ...args) => driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
    return {
      run,
      click: async (sel) => (await driver.findElement(By.css(sel))).click(),
      upload: async (sel, path) => (await driver.findElement(By.css(sel))).sendKeys(path),
      errors: () => run(() => window.__segmentumErrors),
      close: async () => {
        await driver.quit();
        driverProcess.kill();
      },
    };
  },
};
