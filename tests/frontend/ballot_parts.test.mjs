// frontend/src/ballots/parts.js: the start of an idea's description a ballot shows, cut at a word.
import test from 'node:test';
import assert from 'node:assert/strict';
import { summaryOf } from '../../frontend/src/ballots/parts.js';

test('a short description is shown whole', () => {
  assert.deepEqual(summaryOf('Una propuesta   vecinal\n'), { text: 'Una propuesta vecinal', cut: false });
  assert.deepEqual(summaryOf(undefined), { text: '', cut: false });
});

test('a long one is cut at a word, with an ellipsis and no dangling comma', () => {
  const long = 'Luminarias LED en las calles de la colonia Centro que hoy están a oscuras, para que caminar de noche ' +
    'sea seguro: primero las calles junto a las escuelas y la parada de camiones, después el resto.';
  const { text, cut } = summaryOf(long);
  assert.equal(cut, true);
  assert.ok(text.endsWith('…'));
  assert.ok([...text].length <= 141);
  assert.ok(long.startsWith(text.slice(0, -1)), 'a prefix of the description');
  assert.ok(!/[\s,.;:]…$/.test(text));
});

test('characters outside the basic plane count as one', () => {
  const emoji = '🌳'.repeat(140);
  assert.deepEqual(summaryOf(emoji), { text: emoji, cut: false });
});
