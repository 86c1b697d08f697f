// frontend/src/format.js: dates in the municipality's clock, zones in words, numbers, money and
// durations in the app's language (Spanish of Mexico by default).
import test from 'node:test';
import assert from 'node:assert/strict';
import { dateTime, date, zoneName, percent, money, duration } from '../../frontend/src/format.js';

test('a time is shown on the municipality\'s clock, not the visitor\'s', () => {
  // 18:00 UTC is 11:00 in Hermosillo (UTC-7, no daylight saving).
  assert.match(dateTime('2020-11-01T18:00:00Z', 'America/Hermosillo'), /11:00/);
  assert.match(date('2020-11-01T03:00:00Z', 'America/Hermosillo'), /31 oct/);
});

test('a zone is named in words, never by its IANA name', () => {
  const name = zoneName('America/Hermosillo', new Date('2020-11-01T18:00:00Z'));
  assert.ok(!name.includes('America/'), name);
  assert.ok(name.length > 0);
});

test('an unreadable date or zone falls back instead of throwing', () => {
  assert.equal(dateTime('no es fecha', 'America/Hermosillo'), 'no es fecha');
  assert.equal(zoneName('Nowhere/Atlantis'), 'Nowhere/Atlantis');
});

// (Whether a space comes before % differs between ICU versions: compared without spaces.)
const bare = (s) => s.replace(/\s/g, '');

test('percentages, pesos and durations in Spanish of Mexico', () => {
  assert.equal(bare(percent(0.5)), '50%');
  assert.equal(bare(percent(1 / 3)), '33.3%');
  assert.equal(money(1500000), '$1,500,000');
  assert.match(duration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000), /^3 días(,| y) 4 horas$/); // the two largest units
  assert.equal(duration(30_000), '0 minutos');
  assert.equal(duration(-5), '0 minutos');
});
