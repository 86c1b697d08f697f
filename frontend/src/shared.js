// What the resident and the organiser pages both say in words: a score (votes or points, as the
// ballot counts them), a tie of the count with its lottery's order, and a commitment's progress as
// the sum behind it. The results and progress pages and the organiser's count and commitments
// read them from here: an organiser page never imports a resident page.
import { t, locale } from './i18n.js';
import { number, percent } from './format.js';
import { countMethod, countsVotes } from './vocabulary.js';

// "12 votos" or "12 puntos": `ballot` has the ballot's `kind` and `method` (the results, or a
// challenge's ballot).
export function scoreText(ballot, score) {
  const n = Number(score) || 0;
  return t(countsVotes(ballot) ? 'results.score.votes' : 'results.score.points', { count: n, score: number(n) });
}

// A commitment's progress, from 0 to 100, as a percentage: "75 %".
export const progressText = (n) => percent((Number(n) || 0) / 100);

const listOf = (ids, titles) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(ids.map((id) => titles.get(id) ?? `#${id}`));

// A tie in words, with the ideas' titles. A tie in the final scores says the score; a tie that
// arose in a step of the count (`step`: an IRV round, an Equal Shares selection) says where, since
// its `score` is that step's own measure, not the ideas' votes.
export function tieText(results, tie, titles) {
  const ideas = listOf(tie.ideas || [], titles);
  // The lottery's order, numbered: "1. Alumbrado…, 2. Sombra…".
  const order = (tie.ideas || []).map((id, i) => `${number(i + 1)}. ${titles.get(id) ?? `#${id}`}`).join(', ');
  const what = tie.step
    ? t(results.method === countMethod.irv ? 'results.tie_round' : 'results.tie_step', { step: number(tie.step), ideas })
    : t('results.tie_score', { ideas, score: scoreText(results, tie.score) });
  return `${what} ${t('results.tie_order', { order })}`;
}

// "Avance 50 % = 25 + 25 (hitos completados 2 de 4)": the server's sum, in words.
export function formulaText(x) {
  const done = (x.milestones || []).filter((ms) => ms.completed_at).length;
  const total = (x.milestones || []).length;
  const formula = String(x.progress_formula ?? '');
  const terms = formula.includes('=') ? formula.split('=')[0].trim()
    : (x.milestones || []).filter((ms) => ms.completed_at).map((ms) => ms.weight).join(' + ');
  const vars = { percent: progressText(x.progress), terms, done, total };
  return terms ? t('progress.formula', vars) : t('progress.formula_none', vars);
}
