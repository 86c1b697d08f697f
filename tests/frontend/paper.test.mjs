// frontend/src/organiser/paper.js and frontend/src/reconciliation.js: a paper ballot's mark in
// words, the positions an officer entered and the next one, what keeps the act from being drafted,
// and the difference between ballots and people in words.
import test from 'node:test';
import assert from 'node:assert/strict';
import { register } from '../../frontend/src/i18n.js';
import organiserEsMX from '../../frontend/locales/organiser.es-MX.json';
import { markText, enteredPositions, nextPosition, blockers, votesKey } from '../../frontend/src/organiser/paper.js';
import { differenceText, total, tableNames } from '../../frontend/src/reconciliation.js';

await register({ 'es-MX': async () => organiserEsMX, en: async () => ({}) });

const titles = new Map([[1, 'Ciclovía'], [2, 'Sombra'], [3, 'Alumbrado']]);

test('a mark in words, for every shape a ballot takes', () => {
  assert.equal(markText({ choices: [1, 2] }, titles), 'Ciclovía, Sombra');
  assert.equal(markText({ choices: [] }, titles), 'sin marcas');
  assert.equal(markText({ ranking: [2, 1] }, titles), '1. Sombra, 2. Ciclovía');
  assert.equal(markText({ points: { 1: 3, 3: 2, 2: 0 } }, titles), 'Ciclovía: 3, Alumbrado: 2');
  assert.equal(markText({ blank: true }, titles), 'En blanco');
  assert.equal(markText({ null: 'illegible' }, titles), 'Nula: ilegible');
  assert.equal(markText({ null: 'too_many_choices' }, titles), 'Nula: más opciones de las permitidas');
  assert.equal(markText({ choices: [9] }, titles), '#9', 'an idea the page does not know, by its id');
  assert.equal(markText(null, titles), 'sin captura');
});

test('the positions entered are the server\'s and the device\'s, and the next comes after the highest', () => {
  const ballots = [{ position: 1, mine: { choices: [1] } }, { position: 2, mine: null }, { position: 3, mine: { blank: true } }];
  const unsent = [{ what: { kind: 'ballot', position: 5 } }, { what: { kind: 'act' } }];
  const entered = enteredPositions(ballots, unsent);
  assert.deepEqual([...entered].sort(), [1, 3, 5]);
  assert.equal(nextPosition(entered), 6);
  assert.equal(nextPosition(new Set()), 1);
});

test('what keeps the act from being drafted', () => {
  const ballots = [
    { position: 1, status: 'agreed', entries: 2 },
    { position: 2, status: 'mismatch', entries: 2 },
    { position: 3, status: 'single', entries: 1 },
    { position: 6, status: 'agreed', entries: 2 },
  ];
  assert.deepEqual(blockers(ballots, 5), { missing: [4, 5], single: [3], mismatch: [2], beyond: [6], none: false });
  assert.equal(blockers([{ position: 1, status: 'agreed', entries: 2 }], 1).none, true);
  assert.equal(blockers([], 0).none, true);
});

test('the difference between ballots and people in words, never hidden', () => {
  assert.equal(differenceText(0), 'sin diferencia entre boletas y personas registradas');
  assert.equal(differenceText(1), '1 boleta más que personas registradas');
  assert.equal(differenceText(-2), '2 boletas menos que personas registradas');
  assert.equal(total({ illegible: 1, breaks_rules: 2 }), 3);
  assert.equal(total(4), 4);
  assert.equal(total(undefined), 0);
  assert.equal(votesKey('points'), 'org.table.act.points');
  assert.equal(votesKey('ranking'), 'org.table.act.firsts');
  assert.equal(votesKey('approval'), 'org.table.act.votes');
  const recon = { tables: [{ table: 1, name: 'Mesa 1', district: 'Centro' }, { table: 2, name: 'Mesa 2', district: null }] };
  assert.deepEqual(tableNames(recon, [2, 7]), ['Mesa 2', '#7']);
});
