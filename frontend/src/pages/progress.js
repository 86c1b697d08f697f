// The action plan's progress, public: what the municipality committed to do with the winning
// ideas and how far each commitment has come. A summary in the four statuses of Mexico's national
// action plan (a stacked bar, its numbers in text), then each commitment with its progress as a
// sum anyone can redo, its milestones and its dated history. /:m/:c/progress/:id shows one.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api, challengePath, ApiError } from '../api.js';
import { refusalText } from '../refusal.js';
import { date, dateTime, number } from '../format.js';
import { commitmentEvent, commitmentStatus, commitmentStatuses, exportFormats, isPublished } from '../vocabulary.js';
import { formulaText, progressText, scoreText } from '../shared.js';
import { loadChallenge, backLink, moreButton } from './common.js';

// The chart's order is the plan's (`commitmentStatuses`); the list shows the furthest along first.
const groups = [...commitmentStatuses].reverse();

export async function render(view, { m, c, id }, ctx) {
  show(view, h('h1', {}, t('loading')));
  if (id) return renderOne(view, m, c, id, ctx);
  const [{ challenge, zone }, list] = await Promise.all([loadChallenge(m, c),
    api('GET', challengePath(m, c, '/commitments'))]);
  if (!ctx.current()) return undefined;
  const commitments = list.commitments || [];
  const page = { m, c, challenge, zone };
  if (commitments.length === 0) {
    return show(view, backLink(m, c, challenge), h('h1', {}, t('progress.title_of', { title: challenge.title })),
      h('p', { class: 'not-yet' }, isPublished(challenge) ? t('progress.empty')
        : t('progress.empty_before', { at: dateTime(challenge.timeline.announcement, zone) })));
  }
  return show(view, backLink(m, c, challenge),
    h('h1', {}, t('progress.title_of', { title: challenge.title })),
    h('p', { class: 'lead' }, t('progress.lead')),
    summaryView(list.summary || summaryOf(commitments)),
    groups.map((s) => groupView(page, s, commitments.filter((x) => x.status === s))),
    exportsView(m, c));
}

async function renderOne(view, m, c, id, ctx) {
  const [{ challenge, zone }, one] = await Promise.all([loadChallenge(m, c),
    api('GET', challengePath(m, c, `/commitments/${encodeURIComponent(id)}`)).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    })]);
  if (!ctx.current()) return undefined;
  const back = h('p', { class: 'back' }, h('a', { href: `/${m}/${c}/progress` }, t('progress.back')));
  if (!one) return show(view, back, h('h1', {}, t('progress.not_found')), backLink(m, c, challenge));
  return show(view, back, commitmentView({ m, c, challenge, zone }, one, { level: 1, history: one }));
}

// The server's summary when it sends one; the same counts from the list otherwise.
function summaryOf(commitments) {
  const out = Object.fromEntries(commitmentStatuses.map((s) => [s, commitments.filter((x) => x.status === s).length]));
  out.total = commitments.length;
  out.progress = out.total ? Math.round(commitments.reduce((sum, x) => sum + (x.progress || 0), 0) / out.total) : 0;
  return out;
}

export function summaryView(summary) {
  const total = summary.total || 0;
  return h('section', { class: 'progress-summary card', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('progress.summary.title')),
    h('p', { class: 'progress-overall' }, t('progress.summary.total', { count: total }), ' · ',
      h('strong', {}, t('progress.summary.overall', { percent: progressText(summary.progress) }))),
    // The bar repeats the list below it; a screen reader reads the list.
    h('div', { class: 'progress-stack', 'aria-hidden': 'true' },
      commitmentStatuses.map((s) => (summary[s] ? h('span', { class: `stack-part stack-${s}`, style: { width: `${(100 * summary[s]) / Math.max(1, total)}%` } },
        number(summary[s])) : null))),
    h('ul', { class: 'progress-legend' }, commitmentStatuses.map((s) => h('li', { 'data-status': s },
      h('span', { class: `swatch stack-${s}`, 'aria-hidden': 'true' }),
      t('progress.summary.count', { status: t(`progress.status.${s}`), count: number(summary[s] || 0), total: number(total) })))));
}

function groupView(page, status, list) {
  if (!list.length) return null;
  return h('section', { class: `progress-group group-${status}`, 'aria-labelledby': `group-${status}` },
    h('h2', { id: `group-${status}` }, t(`progress.group.${status}`, { count: list.length })),
    h('ul', { class: 'commitments' }, list.map((x) => h('li', {}, commitmentView(page, x, { level: 3 })))));
}

function commitmentView(page, x, { level, history }) {
  const { m, c, challenge, zone } = page;
  const heading = `h${level}`;
  const sub = `h${level + 1}`;
  const titleId = `commitment-${x.id}-title`;
  const title = level === 1 ? x.title : h('a', { href: `/${m}/${c}/progress/${x.id}` }, x.title);
  return h('article', { class: 'commitment card', 'data-id': x.id, 'data-status': x.status },
    h(heading, { id: titleId }, title),
    h('p', { class: 'phases' }, h('span', { class: `commitment-status status-${x.status}` }, t(`progress.status.${x.status}`))),
    x.objective ? h('p', { class: 'description' }, x.objective) : null,
    h('div', { class: 'commitment-progress' },
      h('progress', { max: 100, value: Number(x.progress) || 0, 'aria-label': t('progress.bar_label', { title: x.title }) }),
      h('p', { class: 'formula' }, formulaText(x))),
    x.status === commitmentStatus.verified && x.verification ? verificationView(x.verification, zone) : null,
    h('dl', { class: 'facts' },
      fact(t('progress.responsible'), x.responsible),
      fact(t('progress.period'), t('progress.period_range', { starts: date(x.starts, zone), ends: date(x.ends, zone) })),
      fact(t('progress.indicator'), x.indicator),
      fact(t('progress.target'), x.target),
      x.topics?.length ? fact(t('progress.topics'), x.topics.map((topic) => h('span', { class: 'tag' }, topic))) : null,
      x.ideas?.length ? fact(t('progress.ideas'), h('ul', { class: 'commitment-ideas' }, x.ideas.map((i) => h('li', {},
        h('a', { href: `/${m}/${c}/ideas/${i.id}` }, i.title ?? t('results.hidden_idea')), ' ',
        h('span', { class: 'muted' }, t('progress.idea_rank', { rank: number(i.rank), score: scoreText(challenge.ballot, i.score) })))))) : null),
    history ? [milestonesView(x, zone, sub), h(sub, {}, t('progress.history')), historyView(page, x, history)]
      : detailsView(page, x, sub));
}

function fact(label, value) {
  if (value === undefined || value === null || value === '') return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}

function verificationView(v, zone) {
  return h('div', { class: 'verification' },
    h('p', {}, h('strong', {}, t('progress.verified_on', { at: dateTime(v.at, zone) }))),
    v.note ? h('p', { class: 'note' }, v.note) : null,
    evidenceView(v.evidence));
}

// A link is shown as its address; a document kept elsewhere by its SHA-256, to compare with a copy.
function evidenceView(evidence) {
  if (!evidence || (!evidence.url && !evidence.sha256)) return null;
  return h('p', { class: 'evidence' },
    evidence.url ? [h('span', {}, t('progress.evidence.url')), ' ',
      h('a', { href: evidence.url, rel: 'noopener noreferrer', class: 'evidence-url' }, h('code', {}, evidence.url))] : null,
    evidence.url && evidence.sha256 ? h('br', {}) : null,
    evidence.sha256 ? [h('span', {}, t('progress.evidence.sha256')), ' ', h('code', { class: 'sha256' }, evidence.sha256)] : null);
}

function milestonesView(x, zone, heading) {
  return [h(heading, {}, t('progress.milestones')),
    h('ol', { class: 'milestones' }, (x.milestones || []).map((ms) => h('li', { class: ms.completed_at ? 'done' : 'pending' },
      h('span', { class: 'milestone-state' }, ms.completed_at ? t('progress.milestone.done') : t('progress.milestone.pending')), ' ',
      h('span', { class: 'milestone-title' }, ms.title), ' ',
      h('span', { class: 'muted' }, [t('progress.milestone.weight', { weight: number(ms.weight) }),
        ms.due ? t('progress.milestone.due', { at: date(ms.due, zone) }) : null,
        ms.completed_at ? t('progress.milestone.completed', { at: date(ms.completed_at, zone) }) : null].filter(Boolean).join(' · ')))))];
}

// The milestones at once, the history when first opened (it is asked for one commitment at a time).
function detailsView(page, x, heading) {
  const history = h('div', { class: 'history-slot' });
  let asked = false;
  const details = h('details', { class: 'commitment-details' },
    h('summary', {}, t('progress.details')),
    milestonesView(x, page.zone, heading),
    h(heading, {}, t('progress.history')), history);
  details.addEventListener('toggle', async () => {
    if (!details.open || asked) return;
    asked = true;
    history.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('loading')));
    try {
      const one = await api('GET', challengePath(page.m, page.c, `/commitments/${x.id}`));
      history.replaceChildren(...[historyView(page, one, one)].flat(Infinity));
    } catch (e) {
      asked = false;
      history.replaceChildren(h('p', { class: 'alert', role: 'alert' }, t('progress.history_failed', { reason: refusalText(e) })));
    }
  });
  return details;
}

// The public history, oldest first: the page the commitment came with (`first`: its `history`,
// `history_total`, `history_next_after`), then "Ver más" for the rest, a page at a time.
const historyPage = 50;

function historyView(page, x, first) {
  const entries = first.history || [];
  if (!entries.length) return h('p', { class: 'muted' }, t('progress.history_empty'));
  const total = Number(first.history_total ?? entries.length) || 0;
  const list = h('ol', { class: 'history' }, entries.map((e) => historyEntry(x, e, page.zone)));
  return [list, moreButton(list, {
    next: first.history_next_after ?? null,
    label: t('progress.history_more'),
    shown: (n) => (total > entries.length ? t('progress.history_shown', { count: total, shown: number(n), n: number(total) }) : ''),
    load: async (after) => {
      const one = await api('GET', challengePath(page.m, page.c,
        `/commitments/${encodeURIComponent(x.id)}?after=${encodeURIComponent(after)}&limit=${historyPage}`));
      return { items: (one.history || []).map((e) => historyEntry(x, e, page.zone)), next: one.history_next_after ?? null };
    },
  })];
}

function historyEntry(x, e, zone) {
  const titleOf = (n) => x.milestones?.[n - 1]?.title ?? '';
  const checked = e.action === commitmentEvent.verified || e.action === commitmentEvent.rejected;
  return h('li', { class: `history-entry${checked ? ` is-${e.action}` : ''}`, 'data-action': e.action },
    h('p', { class: 'history-when' }, h('time', { datetime: e.at }, dateTime(e.at, zone)), ' · ', t(`progress.by.${e.by}`)),
    h('p', { class: 'history-what' }, checked ? h('strong', {}, t(`progress.action.${e.action}`)) : t(`progress.action.${e.action}`,
      { n: e.milestone ?? '', title: titleOf(e.milestone) })),
    e.action === commitmentEvent.edited && e.changes ? h('p', { class: 'muted' }, t('progress.changed', {
      fields: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(Object.keys(e.changes).map(fieldName)) })) : null,
    e.note ? h('p', { class: 'note' }, e.note) : null,
    evidenceView(e.evidence),
    e.status ? h('p', { class: 'muted' }, t('progress.after', { status: t(`progress.status.${e.status}`), percent: progressText(e.progress) })) : null);
}

const fieldNames = ['title', 'objective', 'responsible', 'starts', 'ends', 'indicator', 'target', 'topics', 'milestones', 'ideas'];
const fieldName = (f) => (fieldNames.includes(f) ? t(`progress.field.${f}`) : f);

function exportsView(m, c) {
  const link = (format) => h('li', {}, h('a', { class: 'download', href: `/api/v1${challengePath(m, c, `/commitments?format=${format}`)}`, download: '' },
    t(`progress.export.${format}`)));
  return h('section', { 'aria-labelledby': 'progress-exports' },
    h('h2', { id: 'progress-exports' }, t('progress.exports')),
    h('ul', {}, exportFormats.commitments.map(link)));
}
