// Where the browser suites find the build they test: the test build scripts/test.sh writes to
// target/dist-test (with the hooks that break a worker on purpose), unless DIST names another.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.DIST || 'target/dist-test');
