// Create or edit a challenge. The timeline editor takes the municipality's wall clock and sends
// UTC; the consultation (before the ideas) and the development (after the announcement) are
// optional windows, left out while empty. An edit sends only what the organiser changed: a time
// left untouched is never sent, whatever its seconds (a challenge made through the API may have
// them; the input keeps them, step=1), and once voting has opened the ballot and the winners are
// locked, with the reason shown. A refusal is shown beside the field the server names, in the
// organiser's words, and nothing typed is lost.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { timelineView } from '../timeline.js';
import { dateTime } from '../format.js';
import { anonymities, anonymity, ballotKind, ballotKinds, methodsOf, phase, phases } from '../vocabulary.js';
import { field, showError, clearErrors, status } from './form.js';
import { municipality, challenge as loadChallenge, path } from './data.js';
import { toLocalInput, fromLocalInput } from './zone.js';

// README "Limits": a challenge's title 1 to 200 characters, its description up to 10,000.
const titleLimit = 200;
const descriptionLimit = 10000;
// The ballot's limits each kind has (a single choice has none: it is one).
const limits = { [ballotKind.approval]: ['max_choices'], [ballotKind.points]: ['points_total', 'max_per_idea'],
  [ballotKind.ranking]: ['max_ranks'], [ballotKind.budget]: ['max_choices'] };
// The windows a challenge may go without.
const optional = [phase.consultation, phase.development];

function input(name, value, attrs = {}) {
  return h('input', { name, value: value ?? '', ...attrs });
}

function basics(doc, isNew) {
  return h('fieldset', {}, h('legend', {}, t('org.editor.basics')),
    field(t('org.editor.title_field'), input('title', doc.title, { required: true }), { name: 'title', max: titleLimit, min: 1 }),
    field(t('org.editor.slug'), input('slug', doc.slug, { required: true, pattern: '[a-z0-9\\-]{1,64}', disabled: !isNew }),
      { name: 'slug', hint: t('org.editor.slug_hint') }),
    field(t('org.editor.description'), h('textarea', { name: 'description', rows: 4, value: doc.description ?? '' }),
      { name: 'description', max: descriptionLimit }),
    field(t('org.editor.categories'), h('input', { name: 'categories', value: (doc.categories || []).join(', ') }),
      { name: 'categories', hint: t('org.editor.categories_hint') }));
}

// Ballot rules and winners freeze when voting opens (the server's clock decides): from then on
// they are shown disabled, with the reason. The budget and the anonymity are fixed at creation.
function ballotFields(doc, isNew, lockedSince) {
  const ballot = doc.ballot || { kind: ballotKind.approval };
  const kind = h('select', { name: 'kind' }, ballotKinds.map((k) => h('option', { value: k, selected: k === ballot.kind }, t(`org.kind.${k}`))));
  const extra = h('div', {});
  const winners = field(t('org.editor.winners'), input('winners', doc.winners ?? 1, { type: 'number', min: 1 }), { name: 'winners' });
  const draw = () => {
    const k = kind.value;
    extra.replaceChildren(...[
      ...(limits[k] || []).map((l) => field(t(`org.limit.${l}`), input(l, ballot[l], { type: 'number', min: 1 }), { name: `ballot.${l}` })),
      methodsOf[k] ? field(t('org.editor.method'), h('select', { name: 'method' },
        methodsOf[k].map((x) => h('option', { value: x, selected: x === ballot.method }, t(`org.method.${x}`)))), { name: 'ballot.method' }) : null,
      k === ballotKind.budget ? field(t('org.editor.budget'), input('budget', doc.budget, { type: 'number', min: 1, disabled: !isNew }),
        { name: 'budget', hint: isNew ? t('org.editor.budget_hint') : t('org.editor.budget_fixed') }) : null,
    ].filter(Boolean));
    // A budget decides how many ideas win: no number of winners with it.
    winners.hidden = k === ballotKind.budget;
  };
  kind.addEventListener('change', draw);
  draw();
  const rules = h('fieldset', { class: 'org-rules-fields', disabled: Boolean(lockedSince),
    'aria-describedby': lockedSince ? 'ballot-locked' : null },
  h('legend', { class: 'visually-hidden' }, t('org.editor.ballot')),
  field(t('org.editor.kind'), kind, { name: 'ballot.kind', hint: t('org.editor.rule.frozen') }), extra, winners);
  return h('fieldset', { class: 'org-ballot' }, h('legend', {}, t('org.editor.ballot')),
    lockedSince ? h('p', { class: 'notice org-locked', id: 'ballot-locked' }, t('org.editor.ballot_locked', { at: lockedSince })) : null,
    rules,
    field(t('org.editor.anonymity'), h('select', { name: 'anonymity', disabled: !isNew },
      anonymities.map((a) => h('option', { value: a, selected: a === (doc.anonymity || anonymity.none) }, t(`org.anonymity.${a}`)))),
    { name: 'anonymity', hint: t('org.editor.anonymity_hint') }));
}

function timelineFields(doc, zone) {
  const tl = doc.timeline || {};
  // Each input remembers the instant it shows (data-iso) and its value as drawn (data-initial): an
  // input the organiser did not touch gives back that instant exactly, seconds included.
  const moment = (name, iso, required = true, hint) => {
    const value = toLocalInput(iso, zone);
    const control = input(name, value, { type: 'datetime-local', required, step: /T\d\d:\d\d:\d\d/.test(value) ? 1 : null });
    control.dataset.initial = value;
    if (iso) control.dataset.iso = iso;
    return field(t(`org.editor.${name}`), control, { name: `timeline.${name}`, hint });
  };
  const windowFields = (w) => {
    const optionalHint = optional.includes(w) ? t(`org.editor.${w}_hint`) : undefined;
    return h('div', { class: 'org-window' }, moment(`${w}.opens`, tl[w]?.opens, !optionalHint, optionalHint),
      moment(`${w}.closes`, tl[w]?.closes, !optionalHint));
  };
  // In the order they happen: the consultation, ideas, voting, the announcement, the development.
  return h('fieldset', { class: 'org-timeline' }, h('legend', {}, t('org.editor.timeline')),
    h('p', { class: 'hint' }, t('org.editor.zone', { zone })),
    h('ul', { class: 'org-rules' }, ['overlap', 'extend', 'frozen', 'optional'].map((r) => h('li', {}, t(`org.editor.rule.${r}`)))),
    phases.filter((w) => w !== phase.development).map(windowFields),
    moment('announcement', tl.announcement),
    windowFields(phase.development));
}

function number(form, name) {
  const el = form.elements[name];
  return el && el.value !== '' ? Number(el.value) : undefined;
}

// The form as the API's body.
function read(form, zone) {
  const v = (name) => form.elements[name]?.value;
  const at = (name) => {
    const el = form.elements[name];
    if (el && el.dataset.iso && el.value === el.dataset.initial) return el.dataset.iso; // untouched
    return fromLocalInput(v(name), zone);
  };
  const ballot = { kind: v('kind') };
  for (const l of limits[ballot.kind] || []) if (number(form, l) !== undefined) ballot[l] = number(form, l);
  if (methodsOf[ballot.kind]) ballot.method = v('method');
  const body = {
    slug: v('slug'), title: v('title'), description: v('description'),
    categories: v('categories').split(',').map((s) => s.trim()).filter(Boolean),
    ballot, winners: ballot.kind === ballotKind.budget ? undefined : number(form, 'winners'), anonymity: v('anonymity'),
    timeline: { announcement: at('announcement') },
  };
  for (const w of phases) {
    const [opens, closes] = [at(`${w}.opens`), at(`${w}.closes`)];
    if (optional.includes(w) && !opens && !closes) continue; // a window the challenge does not have
    body.timeline[w] = { opens, closes };
  }
  if (ballot.kind === ballotKind.budget) body.budget = number(form, 'budget');
  return body;
}

// A PATCH carries only what changed, so a frozen rule sent back unchanged is no edit; what is fixed
// (slug, anonymity, budget) or locked (the ballot and winners once voting opened) is never sent.
function changes(body, doc, locked) {
  const out = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'slug' || k === 'anonymity' || k === 'budget' || v === undefined) continue;
    if (locked && (k === 'ballot' || k === 'winners')) continue;
    if (k === 'timeline') {
      const moved = timelineChanges(v, doc.timeline || {});
      if (Object.keys(moved).length) out.timeline = moved;
      continue;
    }
    const before = k === 'ballot' ? Object.fromEntries(Object.keys(v).map((x) => [x, doc.ballot?.[x]])) : doc[k];
    if (JSON.stringify(v) !== JSON.stringify(before)) out[k] = v;
  }
  return out;
}

// The moments that moved, each window's ends on their own (an opened window's start sent back
// unchanged would be an edit of the past); a window the challenge did not have goes whole.
function timelineChanges(timeline, before) {
  const out = {};
  if (timeline.announcement !== before.announcement) out.announcement = timeline.announcement;
  for (const w of phases) {
    if (!timeline[w]) continue;
    if (!before[w]) {
      out[w] = timeline[w];
      continue;
    }
    const moved = Object.fromEntries(['opens', 'closes'].filter((end) => timeline[w][end] !== before[w][end]).map((end) => [end, timeline[w][end]]));
    if (Object.keys(moved).length) out[w] = moved;
  }
  return out;
}

async function save(form, zone, doc, who, done, locked) {
  clearErrors(form);
  const body = read(form, zone);
  const patch = doc.slug ? changes(body, doc, locked) : null;
  if (patch && Object.keys(patch).length === 0) return done(doc.slug, t('org.editor.nothing'));
  try {
    if (doc.slug) await api('PATCH', path(who, doc.slug), { key: who.key, body: patch });
    else await api('POST', `/municipalities/${encodeURIComponent(who.municipality)}/challenges`, { key: who.key, body });
    done(body.slug || doc.slug, t(doc.slug ? 'org.editor.saved' : 'org.editor.created'));
  } catch (e) {
    showError(form, e);
  }
}

// A message for the page the save opens ("Cambios guardados.").
let pending = null;

export async function render(view, { who, c, page, bar, nav }) {
  const isNew = page === 'new';
  const { zone, challenge: doc } = isNew ? { zone: (await municipality(who)).timezone, challenge: {} } : await loadChallenge(who, c);
  const notice = pending;
  pending = null;
  const votingOpens = doc.timeline?.voting?.opens;
  const locked = !isNew && votingOpens && Date.parse(doc.now) >= Date.parse(votingOpens);
  const form = h('form', { class: 'org-editor', novalidate: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(form, zone, doc, who, (slug, notice) => {
      pending = notice;
      navigate(`/organiser/${slug}/edit`);
    }, locked);
  });
  form.append(basics(doc, isNew), ballotFields(doc, isNew, locked ? dateTime(votingOpens, zone) : null), timelineFields(doc, zone),
    h('button', { type: 'submit' }, t(isNew ? 'org.editor.create' : 'org.editor.save')));
  show(view, bar, nav, h('h1', {}, isNew ? t('org.editor.new_title') : doc.title),
    !isNew ? timelineView(doc, zone) : null, notice ? status(notice) : null,
    !isNew && doc.now ? h('p', { class: 'muted' }, t('org.editor.now', { now: dateTime(doc.now, zone) })) : null,
    form);
}
