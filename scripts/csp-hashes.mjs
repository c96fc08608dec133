// Trunk post-build hook: trunk writes its wasm loader as an inline module script
// whose text (hashed file names) changes with every build. The Content-Security-Policy
// in index.html allows exactly that script by its SHA-256, filled in here, and no other.
// Usage (from Trunk.toml): node scripts/csp-hashes.mjs, with TRUNK_STAGING_DIR set.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = "'inline-script-hashes'";
const file = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
const html = readFileSync(file, 'utf8');
if (!html.includes(PLACEHOLDER)) {
  console.error(`csp-hashes: ${PLACEHOLDER} not found in ${file}`);
  process.exit(1);
}
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
writeFileSync(file, html.replace(PLACEHOLDER, hashes.join(' ')));
console.log(`csp-hashes: ${hashes.length} inline script(s) allowed by hash`);
