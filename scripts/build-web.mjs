// Builds the web app into frontend/dist/, the folder `cabildo serve` serves (`make web`):
// - frontend/src/main.js and what it imports, as ES modules split at each dynamic import (the
//   blind-signature client, the QR code, English, the organiser's pages load only when needed),
//   minified, every file named by its content hash under assets/, so the server may let browsers
//   keep them for a year;
// - frontend/src/style.css, hashed the same way;
// - index.html from frontend/index.html with the hashed names written in (no inline script, so the
//   Content-Security-Policy can forbid them);
// - blind.js, the blind-signature client on its own and not hashed, which the browser tests load;
// - a .gz beside every text file, which the server sends to browsers that accept gzip.
// Usage: node scripts/build-web.mjs [outdir]
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(repo, 'frontend');
const out = path.resolve(process.argv[2] || path.join(src, 'dist'));

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'assets'), { recursive: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: repo,
};

const app = await esbuild.build({
  ...common,
  entryPoints: { main: path.join(src, 'src', 'main.js'), style: path.join(src, 'src', 'style.css') },
  splitting: true,
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
});

await esbuild.build({ ...common, entryPoints: [path.join(src, 'src', 'blind.js')], outfile: path.join(out, 'blind.js') });

// The hashed name of each entry point, from esbuild's own record of what it wrote.
const entry = (name) => {
  const found = Object.entries(app.metafile.outputs).find(
    ([, o]) => o.entryPoint && path.basename(o.entryPoint).startsWith(name));
  if (!found) throw new Error(`esbuild wrote no output for ${name}`);
  return `/${path.relative(out, path.resolve(repo, found[0])).split(path.sep).join('/')}`;
};
// The chunks main.js imports statically, announced in the page so the browser fetches them with
// main.js instead of after it (one round trip less on a slow network).
const mainOutput = Object.values(app.metafile.outputs).find((o) => o.entryPoint?.endsWith('main.js'));
const preload = mainOutput.imports.filter((i) => i.kind === 'import-statement')
  .map((i) => `<link rel="modulepreload" href="/${path.relative(out, path.resolve(repo, i.path)).split(path.sep).join('/')}">`)
  .join('\n  ');
const html = readFileSync(path.join(src, 'index.html'), 'utf8')
  .replace('%PRELOAD%', preload)
  .replace('%MAIN_JS%', entry('main.js'))
  .replace('%STYLE_CSS%', entry('style.css'));
if (html.includes('%')) throw new Error('frontend/index.html has a placeholder this script does not fill');
writeFileSync(path.join(out, 'index.html'), html);
for (const file of readdirSync(path.join(src, 'public'), { withFileTypes: true }))
  if (file.isFile()) writeFileSync(path.join(out, file.name), readFileSync(path.join(src, 'public', file.name)));

// gzip -9 of every text file; the server sends it only when it is smaller.
let raw = 0;
let packed = 0;
const compress = (dir) => {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      compress(file);
    } else if (/\.(html|js|css|json|svg|webmanifest)$/.test(name)) {
      const body = readFileSync(file);
      const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
      raw += body.length;
      packed += gz.length;
      if (gz.length < body.length) writeFileSync(`${file}.gz`, gz);
    }
  }
};
compress(out);
console.log(`web app: ${path.relative(repo, out)}/, ${raw} bytes, ${packed} gzipped`);
