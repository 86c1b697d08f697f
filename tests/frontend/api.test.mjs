// frontend/src/api.js: the API's paths a page builds, as the server routes them, and the
// failure of a request that got no answer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { api, challengePath, exercisePath, reportHref, isNetworkFailure, ApiError } from '../../frontend/src/api.js';

test('a challenge\'s and an exercise\'s paths escape their slugs', () => {
  assert.equal(challengePath('hermosillo', 'presupuesto', '/ideas'), '/municipalities/hermosillo/challenges/presupuesto/ideas');
  assert.equal(exercisePath('san nicolás', 'apertura/2026'), '/municipalities/san%20nicol%C3%A1s/exercises/apertura%2F2026');
  assert.equal(exercisePath('m', 'e', '/history?limit=50'), '/municipalities/m/exercises/e/history?limit=50');
});

test('a report\'s link is the server\'s printed page, or its data', () => {
  assert.equal(reportHref('m', 'e', 'interim'), '/api/v1/municipalities/m/exercises/e/report?kind=interim');
  assert.equal(reportHref('m', 'e', 'final', true), '/api/v1/municipalities/m/exercises/e/report?kind=final&format=json');
});

test('a request that got no answer is a network failure, a refusal is not', async () => {
  const saved = globalThis.fetch;
  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  try {
    const failure = await api('POST', '/x', { body: {} }).catch((e) => e);
    assert.ok(failure instanceof ApiError);
    assert.equal(failure.status, 0);
    assert.equal(isNetworkFailure(failure), true);
  } finally {
    globalThis.fetch = saved;
  }
  assert.equal(isNetworkFailure(new ApiError(409, { code: 'phase_closed' })), false);
});
