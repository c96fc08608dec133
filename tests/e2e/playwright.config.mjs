import { defineConfig } from '@playwright/test';

const port = 4173;
// scripts/test.sh builds the test build (with its hooks) apart from dist/, and says where.
const dist = process.env.DIST ?? 'dist';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: './results',
  timeout: 60_000,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs ${dist} ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
  },
});
