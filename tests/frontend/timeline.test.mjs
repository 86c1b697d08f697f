// frontend/src/timeline.js: a challenge's windows in order, its next deadline, and its status by
// its dates.
import test from 'node:test';
import assert from 'node:assert/strict';
import { statusOf, windowsOf, nextDeadline } from '../../frontend/src/timeline.js';

const challenge = (now, more = {}) => ({
  now,
  status: 'submission',
  timeline: {
    consultation: { opens: '2020-08-01T06:00:00Z', closes: '2020-09-01T06:00:00Z' },
    submission: { opens: '2020-10-01T06:00:00Z', closes: '2020-10-22T06:00:00Z' },
    voting: { opens: '2020-10-01T06:00:00Z', closes: '2020-10-26T06:00:00Z' },
    announcement: '2020-11-01T18:00:00Z',
    development: { opens: '2020-11-02T06:00:00Z', closes: '2021-11-02T06:00:00Z' },
  },
  ...more,
});

test('windows come in the order they happen, the development last', () => {
  assert.deepEqual(windowsOf(challenge('2020-10-05T00:00:00Z')).map((w) => w.name),
    ['consultation', 'submission', 'voting', 'development']);
});

test('the next deadline is the nearest moment after now, overlapping windows included', () => {
  assert.deepEqual(nextDeadline(challenge('2020-10-05T00:00:00Z')),
    { what: 'submission.closes', at: '2020-10-22T06:00:00Z' });
  assert.deepEqual(nextDeadline(challenge('2020-10-23T00:00:00Z')), { what: 'voting.closes', at: '2020-10-26T06:00:00Z' });
  assert.deepEqual(nextDeadline(challenge('2020-10-27T00:00:00Z')), { what: 'announcement', at: '2020-11-01T18:00:00Z' });
  assert.equal(nextDeadline(challenge('2022-01-01T00:00:00Z')), null);
});

test('a past edition reads as development done, not still in development', () => {
  assert.equal(statusOf(challenge('2021-06-01T00:00:00Z', { status: 'development' })), 'development');
  assert.equal(statusOf(challenge('2022-06-01T00:00:00Z', { status: 'development' })), 'development_done');
  assert.equal(statusOf(challenge('2020-10-05T00:00:00Z')), 'submission');
});
