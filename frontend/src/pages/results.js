// Published results: the ranking with a bar per idea (the bar is decoration; the number is text),
// winners marked, each tie and its lottery in words, the IRV rounds or the budget's selection,
// and the open-data downloads. Before the announcement the page says when they will be out. A
// challenge with in-person tables adds each channel's ballots and share, the paper ballots' blank
// and null counts, the votes by channel and by district, and the tables' reconciliation, naming
// any table the results were published without.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api, challengePath, ApiError } from '../api.js';
import { dateTime, number, money, percent } from '../format.js';
import { getReceipt } from '../tokens.js';
import { exportFormats, isPublished } from '../vocabulary.js';
import { scoreText, tieText } from '../shared.js';
import { loadChallenge, backLink } from './common.js';
import { reconciliationView, tableNames, total } from '../reconciliation.js';

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
  // The tables' reconciliation, for results that have a paper channel; the results show without it
  // if it cannot be read.
  const recon = results?.channels ? await api('GET', challengePath(m, c, '/reconciliation')).catch(() => null) : null;
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
    channelsView(results, recon),
    rankingChart(results),
    byChannelView(results, titles),
    districtsView(results, titles),
    recon ? reconciliationView(recon) : null,
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

// A share that comes as a fraction (0.25) or as a percentage (25).
const shareText = (share) => percent(Number(share) > 1 ? Number(share) / 100 : Number(share) || 0);

// Each channel's ballots and share, the paper ballots' blank and null counts, and the tables the
// results were published without.
function channelsView(results, recon) {
  const channels = results.channels;
  if (!channels) return null;
  const online = channels.online || {};
  const paper = channels.in_person || {};
  const missing = results.missing_tables || [];
  return h('section', { class: 'channels', 'aria-labelledby': 'channels-title' },
    h('h2', { id: 'channels-title' }, t('results.channels.title')),
    h('ul', { class: 'channel-list' },
      h('li', { 'data-channel': 'online' }, t('results.channels.online', { count: Number(online.ballots) || 0,
        n: number(Number(online.ballots) || 0), share: shareText(online.share) })),
      h('li', { 'data-channel': 'in_person' }, t('results.channels.in_person', { count: Number(paper.ballots) || 0,
        n: number(Number(paper.ballots) || 0), share: shareText(paper.share) }), ' ',
      t('results.channels.blank_null', { blank: number(total(paper.blank)), null: number(total(paper.null)) }))),
    missing.length ? h('p', { class: 'alert missing-tables' }, t('results.channels.missing', { count: missing.length,
      names: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(tableNames(recon, missing)) })) : null,
    recon ? h('p', {}, h('a', { href: '#reconciliation' }, t('results.channels.reconciliation'))) : null);
}

// Each idea's votes online and on paper, and their sum, as a table.
function byChannelView(results, titles) {
  const rows = results.by_channel || [];
  if (!rows.length) return null;
  return h('section', { 'aria-labelledby': 'by-channel-title' },
    h('h2', { id: 'by-channel-title' }, t('results.by_channel.title')),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'by-channel-title' },
      h('table', { class: 'by-channel' },
        h('thead', {}, h('tr', {}, ['idea', 'online', 'in_person', 'total'].map((k) => h('th', { scope: 'col' }, t(`results.by_channel.${k}`))))),
        h('tbody', {}, rows.map((r) => h('tr', { 'data-idea': r.idea },
          h('th', { scope: 'row' }, titles.get(r.idea) ?? `#${r.idea}`),
          h('td', {}, number(Number(r.online) || 0)), h('td', {}, number(Number(r.in_person) || 0)),
          h('td', {}, number((Number(r.online) || 0) + (Number(r.in_person) || 0)))))))));
}

// The paper ballots of each district's tables, and their votes by idea.
function districtsView(results, titles) {
  const districts = results.districts || [];
  if (!districts.length) return null;
  return h('section', { 'aria-labelledby': 'districts-title' },
    h('h2', { id: 'districts-title' }, t('results.districts.title')),
    h('p', { class: 'muted' }, t('results.districts.lead')),
    districts.map((d) => h('div', { class: 'district', 'data-district': d.district },
      h('h3', {}, t('results.districts.district', { district: d.district, count: Number(d.ballots) || 0, n: number(Number(d.ballots) || 0) })),
      h('ul', {}, (d.votes || []).map((v) => h('li', {}, t('results.districts.votes', { title: titles.get(v.idea) ?? `#${v.idea}`,
        score: scoreText(results, v.votes) })))))));
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
