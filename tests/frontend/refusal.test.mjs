// frontend/src/refusal.js: a server refusal said in the person's language from its code and field,
// never in the server's English.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fieldKey, refusalText } from '../../frontend/src/refusal.js';

test('a field with an index names the pattern and the position from one', () => {
  assert.deepEqual(fieldKey('milestones[0].weight'),
    { exact: 'milestones[].weight', pattern: 'milestones[].weight', vars: { n: 1 } });
  const window = fieldKey('timeline.submission.opens');
  assert.equal(window.pattern, 'timeline.*.opens');
  assert.ok(window.vars.window && window.vars.window !== 'submission', 'the window named in words');
  assert.equal(fieldKey('step-3.note').pattern, 'steps[].note');
  assert.equal(fieldKey('step-3.note').vars.n, 3);
  assert.equal(fieldKey('answers.problema').pattern, 'answers.*');
});

test('a refusal is Spanish text, not a message key and not the server\'s words', () => {
  const server = { code: 'invalid_field', field: 'timeline.submission.opens', message: 'timeline.submission.opens is required' };
  const text = refusalText(server);
  assert.ok(!text.includes('timeline.submission.opens'), text);
  assert.ok(!/^refusal\./.test(text), text);
  // An unknown code still reads as a sentence of ours.
  const other = refusalText({ code: 'no_such_code' });
  assert.ok(!/^refusal\./.test(other) && other.length > 0, other);
});
