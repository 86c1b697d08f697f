// frontend/src/shared.js: what the resident and the organiser pages both say in words (a score, a
// tie and its lottery, a commitment's progress), word for word as when each lived in its resident
// page (pages/results.js, pages/progress.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { scoreText, tieText, formulaText, progressText } from '../../frontend/src/shared.js';

// (Whether a space comes before % differs between ICU versions: compared without it.)
const bare = (s) => s.replace(/\s%/g, '%');
const titles = new Map([[1, 'Alumbrado'], [2, 'Sombra'], [3, 'Parque']]);

test('a score is votes where the ballot counts votes, points otherwise', () => {
  assert.equal(scoreText({ kind: 'approval', method: 'approval' }, 1), '1 voto');
  assert.equal(scoreText({ kind: 'single' }, 3), '3 votos');
  assert.equal(scoreText({ kind: 'budget', method: 'greedy' }, 2), '2 votos');
  assert.equal(scoreText({ kind: 'ranking', method: 'irv' }, 2), '2 puntos');
  assert.equal(scoreText({ kind: 'ranking', method: 'borda' }, 5), '5 puntos');
  assert.equal(scoreText({ kind: 'points' }, 'x'), '0 puntos');
  assert.equal(scoreText({}, 1), '1 punto');
  assert.equal(scoreText(undefined, 1), '1 punto'); // a challenge whose ballot is not known
});

test('a tie says the score or the step it arose in, then the lottery\'s order', () => {
  assert.equal(tieText({ kind: 'approval', method: 'approval' }, { ideas: [2, 1], score: 12 }, titles),
    'Sombra y Alumbrado empataron con 12 votos. El sorteo las ordenó así: 1. Sombra, 2. Alumbrado.');
  assert.equal(tieText({ kind: 'points', method: 'points' }, { ideas: [2, 1, 7], score: 1 }, titles),
    'Sombra, Alumbrado y #7 empataron con 1 punto. El sorteo las ordenó así: 1. Sombra, 2. Alumbrado, 3. #7.');
  assert.equal(tieText({ kind: 'ranking', method: 'irv' }, { ideas: [3, 1], step: 2, score: 4 }, titles),
    'En la ronda 2, Parque y Alumbrado empataron con menos votos: el sorteo decidió cuál salía. '
    + 'El sorteo las ordenó así: 1. Parque, 2. Alumbrado.');
  assert.equal(tieText({ kind: 'budget', method: 'equal_shares' }, { ideas: [1, 3], step: 1, score: 4 }, titles),
    'En la selección n.º 1, Alumbrado y Parque empataron: financiarlas costaba lo mismo a cada persona que las apoyó. '
    + 'El sorteo las ordenó así: 1. Alumbrado, 2. Parque.');
});

test('a commitment\'s progress is the server\'s sum, or the completed milestones\' weights', () => {
  assert.equal(bare(formulaText({ progress: 75, progress_formula: '25 + 50 = 75',
    milestones: [{ weight: 25, completed_at: 'x' }, { weight: 50, completed_at: 'y' }, { weight: 25 }] })),
  'Avance 75% = 25 + 50 (hitos completados 2 de 3)');
  assert.equal(bare(formulaText({ progress: 50, milestones: [{ weight: 20, completed_at: 'x' }, { weight: 30, completed_at: 'y' }, { weight: 50 }] })),
    'Avance 50% = 20 + 30 (hitos completados 2 de 3)');
  assert.equal(bare(formulaText({ progress: 0, milestones: [{ weight: 100 }] })), 'Avance 0% (hitos completados 0 de 1)');
  assert.equal(bare(formulaText({})), 'Avance 0% (hitos completados 0 de 0)');
  assert.equal(bare(progressText(40)), '40%');
  assert.equal(bare(progressText(undefined)), '0%');
});
