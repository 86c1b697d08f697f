// Unit tests of the web app's pure modules (tests/frontend/*.test.mjs) with Node's own runner,
// node:test. The modules import JSON and one another as the bundler sees them, so each test file
// is bundled first by esbuild (the app's bundler) for Node, into a temporary folder, and run from
// there. Usage: node scripts/test-frontend.mjs
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tests = path.join(repo, 'tests', 'frontend');
const out = mkdtempSync(path.join(tmpdir(), 'cabildo-frontend-tests-'));
try {
  const entries = readdirSync(tests).filter((f) => f.endsWith('.test.mjs')).map((f) => path.join(tests, f));
  await esbuild.build({
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    external: ['node:*'],
    logLevel: 'warning',
  });
  const bundled = readdirSync(out).filter((f) => f.endsWith('.mjs')).map((f) => path.join(out, f));
  // A test that reads the sources as files (tests/frontend/layout.test.mjs) runs from the
  // temporary folder: it is told where the repository is.
  const run = spawnSync(process.execPath, ['--test', ...bundled],
    { stdio: 'inherit', timeout: 120_000, env: { ...process.env, CABILDO_REPO: repo } });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
