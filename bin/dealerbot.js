#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm test`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('dealerbot: not built yet — run `npm run build` first\n');
  process.exitCode = 1;
} else {
  const { main } = await import(compiled);
  await main(process.argv);
}
