// The web app's layout (README "Layout"): what the organiser's pages and the resident's pages both
// need lives in the shared modules (vocabulary.js, shared.js, api.js, ...), so no organiser page
// imports a resident page (frontend/src/pages/) and no resident page an organiser one. The sources
// are read as files: scripts/test-frontend.mjs says where the repository is (CABILDO_REPO).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = process.env.CABILDO_REPO;
const src = repo && path.join(repo, 'frontend', 'src');

// Every module a source names: `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
function importsOf(text) {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
}

const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const file = path.join(dir, entry.name);
  if (entry.isDirectory()) return sources(file);
  return entry.name.endsWith('.js') ? [file] : [];
});

// [file, the module it imports, resolved] for every relative import of the files under `dir`.
const importsUnder = (dir) => sources(dir).flatMap((file) => importsOf(readFileSync(file, 'utf8'))
  .filter((name) => name.startsWith('.'))
  .map((name) => [path.relative(src, file), name, path.resolve(path.dirname(file), name)]));

const inside = (folder, file) => !path.relative(folder, file).startsWith('..');

test('the import reader finds every form of import', () => {
  const text = [
    "import { h, show } from '../dom.js';",
    "import {\n  tieText,\n} from \"../pages/results.js\";",
    "export { x } from './x.js';",
    "import './side-effect.js';",
    "const m = await import('./later.js');",
    "route('/', () => import( '../pages/home.js' ));",
    "const notAnImport = 'from here';",
  ].join('\n');
  assert.deepEqual(importsOf(text), ['../dom.js', '../pages/results.js', './x.js', './side-effect.js', './later.js', '../pages/home.js']);
});

test('the repository is known to the test (run it with node scripts/test-frontend.mjs)', () => {
  assert.ok(repo, 'CABILDO_REPO is not set');
  assert.ok(sources(path.join(src, 'organiser')).length > 5);
});

test('no organiser page imports a resident page', () => {
  const pages = path.join(src, 'pages');
  const found = importsUnder(path.join(src, 'organiser')).filter(([, , target]) => inside(pages, target));
  assert.deepEqual(found.map(([file, name]) => `${file} imports ${name}`), []);
});

test('no resident page imports an organiser page', () => {
  const organiser = path.join(src, 'organiser');
  const found = importsUnder(path.join(src, 'pages')).filter(([, , target]) => inside(organiser, target));
  assert.deepEqual(found.map(([file, name]) => `${file} imports ${name}`), []);
});
