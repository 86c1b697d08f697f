// frontend/src/router.js: paths name pages; a parameter is a slug or an id, nothing else.
import test from 'node:test';
import assert from 'node:assert/strict';
import { route, match } from '../../frontend/src/router.js';

const idea = async () => 'idea';
const challenge = async () => 'challenge';
const organiser = async () => 'organiser';
route('/organiser/*', organiser);
route('/:m/:c', challenge);
route('/:m/:c/ideas/:id', idea);

test('a path finds its page and its parameters', () => {
  assert.deepEqual(match('/hermosillo/reactivacion-economica').params, { m: 'hermosillo', c: 'reactivacion-economica' });
  assert.equal(match('/hermosillo/reactivacion-economica/').load, challenge);
  const found = match('/hermosillo/reto/ideas/42');
  assert.equal(found.load, idea);
  assert.deepEqual(found.params, { m: 'hermosillo', c: 'reto', id: '42' });
  assert.deepEqual(match('/organiser/reto/commitments').params, { rest: 'reto/commitments' });
});

test('anything else is no page', () => {
  assert.equal(match('/Hermosillo/Reto'), null); // slugs are lower case
  assert.equal(match('/hermosillo/reto/ideas/42/extra'), null);
  assert.equal(match('/hermosillo/' + 'x'.repeat(65)), null);
  assert.equal(match('/a/b/ideas/<script>'), null);
});
