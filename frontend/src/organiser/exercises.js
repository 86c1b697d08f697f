// The municipality's open-government exercises (ejercicios de apertura), for its organiser.
// /organiser/exercises lists them and creates one (slug, title, the challenges it groups);
// /organiser/exercises/{e} edits one: per step of INAI's 13 its status, date (the municipality's
// clock, sent as UTC), published document (a link and/or a SHA-256 computed on this device) and
// note, sending only the steps that changed; then issues the final report, which freezes it.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, allPages, exercisePath, reportHref, ApiError } from '../api.js';
import { dateTime } from '../format.js';
import { navigate } from '../router.js';
import { reportKind, stepStatus, stepStatuses } from '../vocabulary.js';
import { municipality } from './data.js';
import { field, showError, clearErrors, status, hashOnChoice } from './form.js';
import { toLocalInput, fromLocalInput } from './zone.js';

// A message for the page an action redraws or opens ("Cambios guardados.").
let pending = null;

const listPath = (who) => `/municipalities/${encodeURIComponent(who.municipality)}/exercises`;

export async function render(view, { who, e, bar, again }) {
  const notice = pending;
  pending = null;
  const [mun, challenges] = await Promise.all([municipality(who),
    api('GET', `/municipalities/${encodeURIComponent(who.municipality)}/challenges`, { key: who.key })]);
  const page = { who, zone: mun.timezone, mun, challenges: challenges.challenges || [], again };
  const nav = h('p', { class: 'back' }, h('a', { href: '/organiser' }, t('org.nav.challenges')), ' · ',
    h('a', { href: '/organiser/exercises', 'aria-current': e ? null : 'page' }, t('org.exercises.nav')));
  if (!e) return listPage(view, page, bar, nav, notice);
  const exercise = await api('GET', exercisePath(who.municipality, e), { key: who.key }).catch((error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  if (!exercise) return show(view, bar, nav, h('h1', {}, t('org.exercises.not_found')));
  return editPage(view, page, exercise, bar, nav, notice);
}

// ---- the list and a new exercise ----

async function listPage(view, page, bar, nav, notice) {
  // 50 a page; every page is read (at most 20).
  const exercises = await allPages(listPath(page.who), 'exercises', { key: page.who.key });
  return show(view, bar, nav,
    h('h1', {}, t('org.exercises.title', { municipality: page.mun.name })),
    notice ? status(notice) : null,
    h('p', {}, t('org.exercises.lead')),
    exercises.length ? h('ul', { class: 'org-list org-exercises' }, exercises.map((x) => h('li', { class: 'card' },
      h('h2', {}, h('a', { href: `/organiser/exercises/${x.slug}` }, x.title)),
      h('p', { class: 'muted' }, t('org.list.slug', { slug: x.slug }), ' · ',
        t('org.exercises.done_count', { done: x.steps.filter((s) => s.status === stepStatus.done).length, total: x.steps.length }),
        x.final_report ? [' · ', t('org.exercises.final_issued', { at: dateTime(x.final_report.issued_at, page.zone) })] : null))))
      : h('p', {}, t('org.exercises.empty')),
    createForm(page));
}

function challengeBoxes(page, chosen = []) {
  const boxes = page.challenges.map((c) => h('input', { type: 'checkbox', id: `ex-challenge-${c.slug}`, value: c.slug,
    checked: chosen.includes(c.slug) }));
  const list = h('div', { class: 'org-ideas', id: 'exercise-challenges' });
  list.dataset.field = 'challenges';
  list.setAttribute('tabindex', '-1');
  boxes.forEach((box, i) => list.append(h('div', { class: 'org-check' }, box,
    h('label', { for: box.id }, page.challenges[i].title))));
  const fieldset = h('fieldset', {}, h('legend', {}, t('org.exercises.challenges')),
    boxes.length ? list : h('p', {}, t('org.exercises.no_challenges')));
  return { fieldset, read: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

function createForm(page) {
  const slug = h('input', { name: 'slug', autocomplete: 'off', maxlength: 64, pattern: '[a-z0-9-]+', spellcheck: 'false' });
  const title = h('input', { name: 'title', autocomplete: 'off' });
  const challenges = challengeBoxes(page);
  const form = h('form', { class: 'org-editor', novalidate: true },
    h('h2', { id: 'new-exercise' }, t('org.exercises.new')),
    field(t('org.exercises.f.slug'), slug, { name: 'slug', hint: t('org.exercises.f.slug_hint') }),
    field(t('org.exercises.f.title'), title, { name: 'title', max: 200, min: 3 }),
    challenges.fieldset,
    h('button', { type: 'submit' }, t('org.exercises.create')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { slug: slug.value.trim(), title: title.value.trim(), challenges: challenges.read() };
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      await api('POST', listPath(page.who), { key: page.who.key, body });
      pending = t('org.exercises.created', { title: body.title });
      navigate(`/organiser/exercises/${body.slug}`);
    } catch (error) {
      submit.disabled = false;
      showError(form, error);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'new-exercise' }, form);
}

// ---- one exercise ----

function editPage(view, page, x, bar, nav, notice) {
  const m = page.who.municipality;
  return show(view, bar, nav,
    h('h1', {}, x.title),
    notice ? status(notice) : null,
    h('p', {}, h('a', { href: `/${m}/exercises/${x.slug}` }, t('org.exercises.public')), ' · ',
      h('a', { href: reportHref(m, x.slug, reportKind.interim) }, t('org.exercises.interim'))),
    h('p', { class: 'hint' }, t('org.editor.zone', { zone: page.zone })),
    stepsForm(page, x),
    finalSection(page, x));
}


// One step's controls; `read()` answers its StepPatch with only what changed, or null.
function stepFields(page, s) {
  const name = (rest) => `step-${s.n}.${rest}`;
  const select = h('select', { name: name('status') },
    stepStatuses.map((v) => h('option', { value: v, selected: v === s.status }, t(`exercise.status.${v}`))));
  const when = h('input', { type: 'datetime-local', name: name('date'), value: toLocalInput(s.date, page.zone) });
  const url = h('input', { type: 'url', name: name('url'), inputmode: 'url', autocomplete: 'off', value: s.document?.url || '' });
  const sha = h('input', { name: name('sha256'), autocomplete: 'off', spellcheck: 'false', class: 'mono', maxlength: 64,
    value: s.document?.sha256 || '' });
  const file = h('input', { type: 'file', name: name('file') });
  const hashed = h('p', { class: 'hint', role: 'status' });
  const note = h('textarea', { name: name('note'), rows: 2, maxlength: 2000 });
  note.value = s.note || '';
  hashOnChoice(file, sha, hashed);
  const legendId = `step-${s.n}-legend`;
  const fieldset = h('fieldset', { class: 'org-step', 'data-n': s.n },
    h('legend', { id: legendId }, t('exercise.step_n', { n: s.n }), ' ', s.name),
    h('p', { class: 'hint' }, s.plain),
    h('div', { class: 'org-step-row' },
      field(t('org.exercises.f.status', { n: s.n }), select, { name: name('status') }),
      field(t('org.exercises.f.date', { n: s.n }), when, { name: name('date'), hint: t('org.exercises.f.date_hint') })),
    field(t('org.exercises.f.url', { n: s.n }), url, { name: name('document.url'), hint: t('org.exercises.f.url_hint') }),
    field(t('org.exercises.f.file', { n: s.n }), file, { hint: t('org.verify.file_hint') }),
    hashed,
    field(t('org.exercises.f.sha256', { n: s.n }), sha, { name: name('document.sha256'), hint: t('org.verify.sha256_hint') }),
    field(t('org.exercises.f.note', { n: s.n }), note, { name: name('note') }),
    s.links?.length ? h('p', { class: 'muted' }, t('org.exercises.links'), ' ',
      s.links.map((l, i) => [i ? ' · ' : '', h('a', { href: l.href }, l.label)])) : null);
  const read = () => {
    const out = { n: s.n };
    if (select.value !== s.status) out.status = select.value;
    const date = fromLocalInput(when.value, page.zone);
    if (toLocalInput(s.date, page.zone) !== when.value) out.date = date;
    const doc = { url: url.value.trim(), sha256: sha.value.trim().toLowerCase() };
    if (doc.url !== (s.document?.url || '') || doc.sha256 !== (s.document?.sha256 || '')) {
      out.document = {};
      if (doc.url) out.document.url = doc.url;
      if (doc.sha256) out.document.sha256 = doc.sha256;
    }
    if (note.value.trim() !== (s.note || '')) out.note = note.value.trim();
    return Object.keys(out).length > 1 ? out : null;
  };
  return { fieldset, read };
}

function stepsForm(page, x) {
  const title = h('input', { name: 'title', autocomplete: 'off', value: x.title });
  const before = (x.challenges || []).map((c) => c.slug);
  const challenges = challengeBoxes(page, before);
  const steps = x.steps.map((s) => stepFields(page, s));
  const submits = [];
  const saveButton = () => {
    const b = h('button', { type: 'submit' }, t('org.exercises.save'));
    submits.push(b);
    return b;
  };
  const form = h('form', { class: 'org-editor org-exercise-form', novalidate: true },
    h('h2', { id: 'exercise-edit' }, t('org.exercises.edit')),
    field(t('org.exercises.f.title'), title, { name: 'title', max: 200, min: 3 }),
    challenges.fieldset,
    h('h3', {}, t('org.exercises.steps')),
    h('ol', { class: 'org-steps' }, steps.map((s) => h('li', {}, s.fieldset))),
    saveButton());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {};
    if (title.value.trim() !== x.title) body.title = title.value.trim();
    const chosen = challenges.read();
    if (chosen.join(',') !== before.join(',')) body.challenges = chosen;
    const changed = steps.map((s) => s.read()).filter(Boolean);
    if (changed.length) body.steps = changed;
    if (!Object.keys(body).length) return showError(form, { plain: true, message: t('org.exercises.nothing') });
    for (const b of submits) b.disabled = true;
    try {
      await api('PATCH', exercisePath(page.who.municipality, x.slug), { key: page.who.key, body });
      pending = t('org.exercises.saved', { count: changed.length });
      page.again();
    } catch (error) {
      for (const b of submits) b.disabled = false;
      showError(form, { ...error, message: error.message, field: stepField(form, error.field, changed) });
    }
    return undefined;
  });
  return h('section', { class: 'card', 'aria-labelledby': 'exercise-edit' }, form);
}

// The server's `steps[i].document.url` names the i-th step sent: the control of that step's number.
// A step sent twice (`steps[i].n`; the form sends each step once) is said above the form.
function stepField(form, name, changed) {
  const found = /^steps\[(\d+)\](.*)$/.exec(name || '');
  if (!found) return name;
  const n = changed[Number(found[1])]?.n;
  if (!n) return name;
  const exact = `step-${n}${found[2]}`;
  if (found[2] === '.n') return exact;
  return form.querySelector(`[data-field="${CSS.escape(exact)}"]`) ? exact : `step-${n}.status`;
}

// Issuing the final report freezes it: the button waits for a ticked confirmation.
function finalSection(page, x) {
  const m = page.who.municipality;
  if (x.final_report) {
    return h('section', { class: 'card org-final', 'aria-labelledby': 'final-report' },
      h('h2', { id: 'final-report' }, t('org.exercises.final')),
      h('p', { class: 'org-final-issued' }, t('org.exercises.final_issued', { at: dateTime(x.final_report.issued_at, page.zone) })),
      h('p', {}, h('a', { href: reportHref(m, x.slug, reportKind.final) }, t('org.exercises.final_open')), ' · ',
        h('a', { href: reportHref(m, x.slug, reportKind.final, true) }, t('exercise.report.json'))));
  }
  const sure = h('input', { type: 'checkbox', id: 'final-sure' });
  sure.dataset.field = 'sure';
  const form = h('form', { class: 'org-final-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!sure.checked) return showError(form, { field: 'sure', plain: true, message: t('org.exercises.sure_needed') });
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api('POST', exercisePath(m, x.slug, '/report'), { key: page.who.key, body: { kind: reportKind.final } });
      pending = t('org.exercises.final_done');
      page.again();
    } catch (error) {
      button.disabled = false;
      showError(form, error);
    }
    return undefined;
  } },
  h('p', {}, t('org.exercises.final_lead')),
  h('div', { class: 'org-check' }, sure, h('label', { for: 'final-sure' }, t('org.exercises.sure'))),
  h('button', { type: 'submit', class: 'danger' }, t('org.exercises.issue')));
  return h('section', { class: 'card org-final', 'aria-labelledby': 'final-report' },
    h('h2', { id: 'final-report' }, t('org.exercises.final')), form);
}
