// Paper ballots as the officer's page handles them, without the page: a mark in words, which
// positions this officer entered and which comes next, what keeps the act from being drafted, and
// what an act's votes count. A mark is what `PUT …/tables/{t}/ballots/{position}` takes and
// `GET …/tables/{t}/ballots` gives back: {choices: [ids]}, {ranking: [ids]}, {points: {id: n}},
// {blank: true} or {null: reason}.
import { t } from '../i18n.js';
import { number } from '../format.js';
import { ballotKind, entryStatus } from '../vocabulary.js';

// Commas, never "y" before the last: a mark lists what the ballot says, not a sentence.
const list = (items) => items.join(', ');
const titleOf = (titles, id) => titles.get(Number(id)) ?? `#${id}`;

// "Ciclovía, Sombra"; "1. Ciclovía, 2. Sombra"; "Ciclovía: 3, Sombra: 2"; "En blanco"; "Nula: ilegible".
export function markText(mark, titles = new Map()) {
  if (!mark || typeof mark !== 'object') return t('org.table.mark.none');
  if (mark.blank) return t('org.table.mark.blank');
  if (typeof mark.null === 'string') return t('org.table.mark.null', { reason: t(`org.table.null.${mark.null}`) });
  if (Array.isArray(mark.ranking)) {
    return mark.ranking.length ? list(mark.ranking.map((id, i) => `${number(i + 1)}. ${titleOf(titles, id)}`)) : t('org.table.mark.empty');
  }
  if (mark.points && typeof mark.points === 'object') {
    const given = Object.entries(mark.points).filter(([, n]) => Number(n) > 0);
    return given.length ? list(given.map(([id, n]) => t('org.table.mark.points', { title: titleOf(titles, id), n: number(Number(n)) })))
      : t('org.table.mark.empty');
  }
  if (Array.isArray(mark.choices)) return mark.choices.length ? list(mark.choices.map((id) => titleOf(titles, id))) : t('org.table.mark.empty');
  return t('org.table.mark.none');
}

// The positions this officer has a mark for: the server's (`mine`) and those still on the device.
export function enteredPositions(ballots = [], unsent = []) {
  const positions = new Set(ballots.filter((b) => b.mine !== null && b.mine !== undefined).map((b) => Number(b.position)));
  for (const item of unsent) if (item.what?.position) positions.add(Number(item.what.position));
  return positions;
}

// The position a new ballot takes: one after the highest this officer entered (gaps are the other
// officer's to fill, or a ballot skipped that the act will name).
export const nextPosition = (entered) => Math.max(0, ...entered) + 1;

// What keeps the act from being drafted with `box` ballots found in the box: the positions 1..box
// that are not agreed ({missing: no entry at all, single: one entry, mismatch}), and agreed
// positions beyond the box (`beyond`), as the server refuses them (409 wrong_status, `ballots`).
export function blockers(ballots = [], box) {
  const byPosition = new Map(ballots.map((b) => [Number(b.position), b]));
  const found = { missing: [], single: [], mismatch: [], beyond: [] };
  for (let p = 1; p <= box; p += 1) {
    const b = byPosition.get(p);
    if (!b || !b.entries) found.missing.push(p);
    else if (b.status === entryStatus.single) found.single.push(p);
    else if (b.status === entryStatus.mismatch) found.mismatch.push(p);
  }
  for (const b of ballots) if (Number(b.position) > box && b.status === entryStatus.agreed) found.beyond.push(Number(b.position));
  found.beyond.sort((a, b) => a - b);
  found.none = Object.values(found).every((x) => x.length === 0);
  return found;
}

// What a figure of the act's `votes` counts, by the ballot's kind: votes (approval, single, budget),
// points (points) or first preferences (ranking).
export function votesKey(kind) {
  if (kind === ballotKind.points) return 'org.table.act.points';
  if (kind === ballotKind.ranking) return 'org.table.act.firsts';
  return 'org.table.act.votes';
}
