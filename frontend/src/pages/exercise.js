// A municipality's open-government exercise (ejercicio de apertura), public: the 13 steps of
// INAI's local strategy with their status in words, date in the municipality's clock, published
// document and note, the plan's overall progress, and the reports the server prints.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { date, dateTime, number, percent } from '../format.js';
import { summaryView } from './progress.js';

export const stepStatuses = ['pending', 'in_progress', 'done'];

export const exercisePath = (m, e, rest = '') =>
  `/municipalities/${encodeURIComponent(m)}/exercises/${encodeURIComponent(e)}${rest}`;

// The server's printable page (or its data) for a report: `/api/v1/…/report?kind=interim`.
export const reportHref = (m, e, kind, json = false) =>
  `/api/v1${exercisePath(m, e, `/report?kind=${kind}${json ? '&format=json' : ''}`)}`;

export async function render(view, { m, e }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [exercise, municipality] = await Promise.all([
    api('GET', exercisePath(m, e)).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
    api('GET', `/municipalities/${encodeURIComponent(m)}`),
  ]);
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
      reportsView(m, exercise, zone),
      challengesView(m, exercise),
      h('section', { 'aria-labelledby': 'exercise-steps' },
        h('h2', { id: 'exercise-steps' }, t('exercise.steps')),
        h('ol', { class: 'exercise-steps' }, exercise.steps.map((s) => stepView(s, zone))))),
    home);
}

// "4 de 13 pasos realizados", in words and as a bar.
function stepsProgress(steps) {
  const done = steps.filter((s) => s.status === 'done').length;
  const going = steps.filter((s) => s.status === 'in_progress').length;
  return h('div', { class: 'exercise-progress card' },
    h('p', {}, h('strong', {}, t('exercise.steps_done', { count: done, done: number(done), total: number(steps.length) })),
      ' · ', t('exercise.steps_going', { count: going, going: number(going) }),
      ' · ', t('exercise.steps_percent', { percent: percent(steps.length ? done / steps.length : 0) })),
    h('progress', { max: steps.length, value: done, 'aria-label': t('exercise.steps_bar') }));
}

function reportsView(m, exercise, zone) {
  const e = exercise.slug;
  const issued = exercise.final_report;
  return h('section', { class: 'exercise-reports', 'aria-labelledby': 'exercise-reports' },
    h('h2', { id: 'exercise-reports' }, t('exercise.reports')),
    h('ul', {},
      h('li', {}, h('a', { href: reportHref(m, e, 'interim'), class: 'report-link download' }, t('exercise.report.interim')), ' ',
        h('span', { class: 'muted' }, '(', h('a', { class: 'download', href: reportHref(m, e, 'interim', true) }, t('exercise.report.json')), ')')),
      issued ? h('li', {}, h('a', { href: reportHref(m, e, 'final'), class: 'report-link download' }, t('exercise.report.final')), ' ',
        h('span', { class: 'muted' }, t('exercise.report.issued', { at: dateTime(issued.issued_at, zone) }), ' (',
          h('a', { class: 'download', href: reportHref(m, e, 'final', true) }, t('exercise.report.json')), ')'))
        : h('li', { class: 'muted' }, t('exercise.report.no_final'))));
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
