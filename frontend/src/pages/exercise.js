// A municipality's open-government exercise (ejercicio de apertura), public: the 13 steps of
// INAI's local strategy with their status in words, date in the municipality's clock, published
// document and note, the plan's overall progress, the reports the server prints, and the
// exercise's public history (every change, oldest first, in words).
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api, exercisePath, reportHref, ApiError } from '../api.js';
import { refusalText } from '../refusal.js';
import { moreButton } from './common.js';
import { date, dateTime, number, percent } from '../format.js';
import { reportFormat, reportKind, stepStatus, stepStatuses } from '../vocabulary.js';
import { summaryView } from './progress.js';

export async function render(view, { m, e }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [exercise, municipality, history] = await Promise.all([
    api('GET', exercisePath(m, e)).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
    api('GET', `/municipalities/${encodeURIComponent(m)}`),
    // The public history is a section of its own: a refusal leaves it out, said, not the page.
    api('GET', exercisePath(m, e, `/history?limit=${historyPage}`)).catch((error) => ({ error })),
  ]);
  // The final report's seal (its digest, and how many texts moderation withdrew since), once issued.
  const seal = exercise?.final_report ? await api('GET', exercisePath(m, e, `/report?kind=${reportKind.final}&format=${reportFormat.json}`))
    .then((report) => ({ digest: report.digest, withdrawn: Number(report.withdrawn) || 0 }), () => null) : null;
  if (!ctx.current()) return undefined;
  const home = h('p', { class: 'back' }, h('a', { href: '/' }, t('nav.home')));
  if (!exercise) return show(view, h('h1', {}, t('exercise.not_found')), home);
  const zone = municipality.timezone;
  return show(view,
    h('article', { class: 'exercise', 'data-slug': exercise.slug },
      h('h1', {}, exercise.title),
      h('p', { class: 'muted' }, t('exercise.of', { municipality: municipality.name }), ' · ',
        t('exercise.updated', { at: dateTime(exercise.updated_at, zone) })),
      h('p', { class: 'lead' }, t('exercise.lead')),
      stepsProgress(exercise.steps),
      summaryView(exercise.summary || {}),
      reportsView(m, exercise, zone, seal),
      challengesView(m, exercise),
      h('section', { 'aria-labelledby': 'exercise-steps' },
        h('h2', { id: 'exercise-steps' }, t('exercise.steps')),
        h('ol', { class: 'exercise-steps' }, exercise.steps.map((s) => stepView(s, zone)))),
      historySection(m, exercise, history, zone)),
    home);
}

// ---- the public history: every change, oldest first, in words ----

const historyPage = 50;

function historySection(m, exercise, first, zone) {
  const titleOf = new Map((exercise.challenges || []).map((c) => [c.slug, c.title]));
  const body = [];
  if (first.error) {
    body.push(h('p', { class: 'alert', role: 'alert' }, t('exercise.history.failed', { reason: refusalText(first.error) })));
  } else if (!first.entries?.length) {
    body.push(h('p', { class: 'muted' }, t('progress.history_empty')));
  } else {
    const item = (entry) => historyEntry(entry, zone, titleOf);
    const list = h('ol', { class: 'history exercise-history' }, first.entries.map(item));
    body.push(list, moreButton(list, {
      next: first.next_after ?? null,
      label: t('progress.history_more'),
      load: async (after) => {
        const page = await api('GET', exercisePath(m, exercise.slug, `/history?after=${encodeURIComponent(after)}&limit=${historyPage}`));
        return { items: (page.entries || []).map(item), next: page.next_after ?? null };
      },
    }));
  }
  return h('section', { class: 'exercise-history-section', 'aria-labelledby': 'exercise-history' },
    h('h2', { id: 'exercise-history' }, t('exercise.history.title')),
    h('p', { class: 'muted' }, t('exercise.history.lead')),
    body);
}

// One entry: when and who, then each change on a line of its own ("Paso 3: de pendiente a realizado").
function historyEntry(entry, zone, titleOf) {
  const changes = entry.changes || {};
  const lines = [];
  const list = (slugs) => (slugs?.length ? new Intl.ListFormat(locale(), { type: 'conjunction' }).format(slugs.map((x) => titleOf.get(x) ?? x))
    : t('exercise.history.none'));
  if (changes.created) {
    lines.push(t('exercise.history.created', { title: changes.created.title ?? '' }));
    if (changes.created.challenges?.length) lines.push(t('exercise.history.created_challenges', { list: list(changes.created.challenges) }));
  }
  if (changes.title) lines.push(t('exercise.history.title_changed', { from: changes.title.from ?? '', to: changes.title.to ?? '' }));
  if (changes.challenges) lines.push(t('exercise.history.challenges', { from: list(changes.challenges.from), to: list(changes.challenges.to) }));
  for (const step of changes.steps || []) lines.push(...stepChanges(step, zone));
  return h('li', { class: 'history-entry', 'data-id': entry.id },
    h('p', { class: 'history-when' }, h('time', { datetime: entry.at }, dateTime(entry.at, zone)), ' · ', t(`progress.by.${entry.by}`)),
    h('ul', { class: 'history-changes' }, lines.map((line) => h('li', {}, line))));
}

const statusWord = (status) => (stepStatuses.includes(status) ? t(`exercise.history.status.${status}`) : String(status ?? ''));

// A document in words: its link, or its SHA-256's first characters.
function documentWords(doc) {
  if (!doc || (!doc.url && !doc.sha256)) return null;
  return [doc.url ? doc.url : null, doc.sha256 ? t('exercise.history.sha256', { sha: doc.sha256.slice(0, 12) }) : null]
    .filter(Boolean).join(' · ');
}

function stepChanges(step, zone) {
  const n = step.n;
  const out = [];
  if (step.status) out.push(t('exercise.history.step_status', { n, from: statusWord(step.status.from), to: statusWord(step.status.to) }));
  if (step.date) {
    const { from, to } = step.date;
    if (from && to) out.push(t('exercise.history.step_date', { n, from: date(from, zone), to: date(to, zone) }));
    else if (to) out.push(t('exercise.history.step_date_set', { n, to: date(to, zone) }));
    else out.push(t('exercise.history.step_date_removed', { n }));
  }
  if (step.document) {
    const to = documentWords(step.document.to);
    out.push(to ? h('span', {}, t('exercise.history.step_document', { n }), ' ', h('span', { class: 'history-document' }, to))
      : t('exercise.history.step_document_removed', { n }));
  }
  if (step.note) {
    const to = String(step.note.to ?? '');
    out.push(to ? t('exercise.history.step_note', { n, note: to }) : t('exercise.history.step_note_removed', { n }));
  }
  return out;
}

// "4 de 13 pasos realizados", in words and as a bar.
function stepsProgress(steps) {
  const done = steps.filter((s) => s.status === stepStatus.done).length;
  const going = steps.filter((s) => s.status === stepStatus.in_progress).length;
  return h('div', { class: 'exercise-progress card' },
    h('p', {}, h('strong', {}, t('exercise.steps_done', { count: done, done: number(done), total: number(steps.length) })),
      ' · ', t('exercise.steps_going', { count: going, going: number(going) }),
      ' · ', t('exercise.steps_percent', { percent: percent(steps.length ? done / steps.length : 0) })),
    h('progress', { max: steps.length, value: done, 'aria-label': t('exercise.steps_bar') }));
}

function reportsView(m, exercise, zone, seal) {
  const e = exercise.slug;
  const issued = exercise.final_report;
  return h('section', { class: 'exercise-reports', 'aria-labelledby': 'exercise-reports' },
    h('h2', { id: 'exercise-reports' }, t('exercise.reports')),
    h('ul', {},
      h('li', {}, h('a', { href: reportHref(m, e, reportKind.interim), class: 'report-link download' }, t('exercise.report.interim')), ' ',
        h('span', { class: 'muted' }, '(', h('a', { class: 'download', href: reportHref(m, e, reportKind.interim, true) }, t('exercise.report.json')), ')')),
      issued ? h('li', {}, h('a', { href: reportHref(m, e, reportKind.final), class: 'report-link download' }, t('exercise.report.final')), ' ',
        h('span', { class: 'muted' }, t('exercise.report.issued', { at: dateTime(issued.issued_at, zone) }), ' (',
          h('a', { class: 'download', href: reportHref(m, e, reportKind.final, true) }, t('exercise.report.json')), ')'),
        sealView(seal))
        : h('li', { class: 'muted' }, t('exercise.report.no_final'))));
}

// The final report as issued is sealed by its digest, which anyone recomputes from what is served;
// a text moderation withdrew after issue stands in the report as {withdrawn, sha256}, so the digest
// still holds. Said here in words: the report's own texts are the server's printed page to show.
function sealView(seal) {
  if (!seal?.digest) return null;
  return h('div', { class: 'report-seal' },
    h('p', {}, t('exercise.report.digest'), ' ', h('code', { class: 'sha256 report-digest' }, seal.digest)),
    h('p', { class: 'muted' }, t('exercise.report.digest_why')),
    seal.withdrawn ? h('p', { class: 'report-withdrawn' }, t('exercise.report.withdrawn', { count: seal.withdrawn, n: number(seal.withdrawn) })) : null);
}

function challengesView(m, exercise) {
  if (!exercise.challenges?.length) return null;
  return h('section', { 'aria-labelledby': 'exercise-challenges' },
    h('h2', { id: 'exercise-challenges' }, t('exercise.challenges')),
    h('ul', {}, exercise.challenges.map((c) => h('li', {}, h('a', { href: `/${m}/${c.slug}` }, c.title)))));
}

function stepView(s, zone) {
  const id = `step-${s.n}`;
  return h('li', { class: `exercise-step card step-${s.status}`, 'data-n': s.n, 'data-status': s.status, 'aria-labelledby': id },
    h('h3', { id }, h('span', { class: 'step-n' }, t('exercise.step_n', { n: s.n })), ' ', s.name),
    s.plain ? h('p', { class: 'step-plain' }, s.plain) : null,
    h('p', { class: 'step-facts' },
      h('span', { class: `step-status status-${s.status}` }, t(`exercise.status.${s.status}`)),
      s.date ? [' · ', h('time', { datetime: s.date }, date(s.date, zone))] : null),
    documentView(s.document),
    s.note ? h('p', { class: 'note' }, s.note) : null,
    s.links?.length ? h('ul', { class: 'step-links' }, s.links.map((l) => h('li', {}, h('a', { href: l.href }, l.label)))) : null);
}

// A link shown as its address; a document kept elsewhere by its SHA-256, to compare with a copy.
function documentView(doc) {
  if (!doc || (!doc.url && !doc.sha256)) return null;
  return h('p', { class: 'evidence step-document' },
    doc.url ? [h('span', {}, t('exercise.document.url')), ' ',
      h('a', { href: doc.url, rel: 'noopener noreferrer' }, h('code', {}, doc.url))] : null,
    doc.url && doc.sha256 ? h('br', {}) : null,
    doc.sha256 ? [h('span', {}, t('exercise.document.sha256')), ' ', h('code', { class: 'sha256' }, doc.sha256)] : null);
}
