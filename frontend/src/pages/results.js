// Published results: the ranking with a bar per idea (the bar is decoration; the number is text),
// winners marked, each tie and its lottery in words, the IRV rounds or the budget's selection,
// and the open-data downloads. Before the announcement the page says when they will be out.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath, ApiError } from '../api.js';
import { dateTime, number, money } from '../format.js';
import { getReceipt } from '../tokens.js';
import { exportFormats, isPublished } from '../vocabulary.js';
import { scoreText, tieText } from '../shared.js';
import { loadChallenge, backLink } from './common.js';

const refused = (e) => {
  if (e instanceof ApiError && [403, 409].includes(e.status)) return null;
  throw e;
};

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const receipts = import('./receipts.js'); // the lookup by receipt, loaded beside the reads
  const { challenge, zone } = await loadChallenge(m, c);
  // Not asked before the announcement: the answer would be a refusal, and the challenge already
  // says when the results come out.
  const results = isPublished(challenge) ? await api('GET', challengePath(m, c, '/results')).catch(refused) : null;
  const { lookupSection } = await receipts;
  if (!ctx.current()) return;
  if (!results) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('results.title')),
      h('p', { class: 'not-yet' }, t('results.not_yet', { at: dateTime(challenge.timeline.announcement, zone) })),
      lookupSection(m, c, 'ballot', { kept: getReceipt(m, c)?.receipt }));
    return;
  }
  const titles = new Map(results.ranking.map((r) => [r.idea, r.title ?? t('results.hidden_idea')]));
  show(view, backLink(m, c, challenge),
    h('h1', {}, t('results.title_of', { title: challenge.title })),
    h('p', {}, t('results.summary', { count: results.ballots, method: t(`method.${results.method}`) })),
    h('p', { class: 'progress-link' }, h('a', { href: `/${m}/${c}/progress` }, t('results.progress_link'))),
    rankingChart(results),
    budgetView(results, titles),
    tiesView(results, titles),
    roundsView(results, titles),
    lookupSection(m, c, 'ballot', { kept: getReceipt(m, c)?.receipt }),
    exportsView(m, c));
}

function rankingChart(results) {
  const top = Math.max(1, ...results.ranking.map((r) => Number(r.score) || 0));
  return h('section', { 'aria-labelledby': 'ranking-title' },
    h('h2', { id: 'ranking-title' }, t('results.ranking')),
    h('ol', { class: 'results-chart' }, results.ranking.map((r) => h('li', { class: r.winner ? 'winner' : null, 'data-idea': r.idea },
      h('span', { class: 'result-title' }, r.title ?? t('results.hidden_idea'),
        r.winner ? h('strong', { class: 'winner-badge' }, ' ', t('results.winner')) : null),
      h('span', { class: 'result-score' }, scoreText(results, r.score),
        r.cost ? ` · ${money(r.cost)}` : null),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar-fill', style: { width: `${(100 * (Number(r.score) || 0)) / top}%` } }))))));
}

function budgetView(results, titles) {
  if (results.budget === undefined) return null;
  return h('section', { 'aria-labelledby': 'budget-title' },
    h('h2', { id: 'budget-title' }, t('results.budget')),
    h('p', {}, t('results.budget_text', { budget: money(results.budget), spent: money(results.spent), left: money(results.left) })),
    h('ul', { class: 'selected' }, (results.selected || []).map((id) => h('li', {}, titles.get(id) ?? `#${id}`))));
}

function tiesView(results, titles) {
  if (!results.ties?.length) return null;
  return h('section', { 'aria-labelledby': 'ties-title' },
    h('h2', { id: 'ties-title' }, t('results.ties')),
    h('p', {}, t('results.ties_rule', { seed: results.tie_break_seed })),
    h('ul', { class: 'ties' }, results.ties.map((tie) => h('li', {},
      tieText(results, tie, titles),
      tie.lottery?.length ? h('ul', { class: 'lottery' }, tie.lottery.map((l) => h('li', {},
        t('results.lottery_key', { title: titles.get(l.idea) ?? `#${l.idea}`, key: String(l.key).slice(0, 16) })))) : null))));
}

function votes(v, denominator) {
  const n = typeof v === 'number' ? v / (denominator || 1) : Number(v?.numerator ?? v) / Number(v?.denominator ?? denominator ?? 1);
  return number(n, { maximumFractionDigits: 2 });
}

function roundsView(results, titles) {
  if (!results.rounds?.length) return null;
  return h('section', { 'aria-labelledby': 'rounds-title' },
    h('h2', { id: 'rounds-title' }, t('results.rounds')),
    h('ol', { class: 'rounds' }, results.rounds.map((r) => h('li', {},
      h('p', {}, Object.entries(r.counts).map(([id, v]) => t('results.round_count', { title: titles.get(Number(id)) ?? `#${id}`, votes: votes(v, results.denominator) })).join(' · ')),
      r.eliminated !== null ? h('p', { class: 'muted' }, t('results.eliminated', { title: titles.get(r.eliminated) ?? `#${r.eliminated}` })) : null))));
}

function exportsView(m, c) {
  const link = (format) => h('li', {}, h('a', { class: 'download', href: `/api/v1${challengePath(m, c, `/export?format=${format}`)}`, download: '' },
    t(`results.export.${format}`)));
  return h('section', { 'aria-labelledby': 'exports-title' },
    h('h2', { id: 'exports-title' }, t('results.exports')),
    h('ul', {}, exportFormats.results.map(link)));
}
