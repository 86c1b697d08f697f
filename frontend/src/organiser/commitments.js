// A challenge's commitments, for the two keys that act on them. An organiser lists them, creates
// one from the announced winners (SMART fields, topics, milestones whose weights sum to 100, dates
// in the municipality's clock, sent as UTC) and reports progress: start, complete a milestone, add
// a note. A verifier sees no editing control: it verifies or rejects the completed commitments,
// with evidence (a link, or a document's SHA-256 computed on this device) and a note. The server
// decides every rule; a refusal shows beside the field it names.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { date, dateTime, number } from '../format.js';
import { formulaText } from '../shared.js';
import { commitmentAction, commitmentEvent, commitmentStatus, isPublished, role } from '../vocabulary.js';
import { challenge as loadChallenge, path } from './data.js';
import { field, showError, clearErrors, errorText, status, hashOnChoice } from './form.js';
import { toLocalInput, fromLocalInput } from './zone.js';

// INAI's suggested topics for local open-government commitments, sent as INAI writes them.
export const inaiTopics = [
  'Seguimiento de recursos públicos en el ámbito local',
  'Perspectiva de género',
  'Fortalecimiento de los sistemas locales anticorrupción',
  'Agenda 2030 de Desarrollo Sostenible',
];

// README "Limits": a commitment's title 3 to 200 characters, its objective up to 5,000, its office,
// indicator and target up to 300 each, an update's note up to 2,000.
const limits = { title: 200, objective: 5000, office: 300, note: 2000 };

// A message for the page an action redraws ("Hito completado.").
let pending = null;

export async function render(view, { who, c, bar, nav, again }) {
  const [{ zone, challenge: doc }, list] = await Promise.all([loadChallenge(who, c),
    api('GET', path(who, c, '/commitments'), { key: who.key })]);
  const notice = pending;
  pending = null;
  const page = { who, c, zone, doc, again, commitments: list.commitments || [] };
  const verifier = who.role === role.verifier;
  const top = [bar, nav, h('h1', {}, t(verifier ? 'org.verify.title' : 'org.commitments.title', { title: doc.title })),
    notice ? status(notice) : null,
    h('p', {}, t(verifier ? 'org.verify.lead' : 'org.commitments.lead')),
    h('p', {}, h('a', { href: `/${who.municipality}/${c}/progress` }, t('org.commitments.public')))];
  if (verifier) return show(view, top, await verifierView(page));
  const announced = isPublished(doc);
  const winners = announced ? await loadWinners(page) : null;
  return show(view, top,
    h('section', { 'aria-labelledby': 'commitments-list' },
      h('h2', { id: 'commitments-list' }, t('org.commitments.list', { count: page.commitments.length })),
      page.commitments.length ? h('ul', { class: 'org-list org-commitments' }, page.commitments.map((x) => organiserCard(page, x)))
        : h('p', {}, t('org.commitments.empty'))),
    announced ? createForm(page, winners)
      : h('p', { class: 'notice' }, t('org.commitments.not_yet', { at: dateTime(doc.timeline.announcement, zone) })));
}

// The announced winners, each with the commitment that already carries it out, if any.
async function loadWinners(page) {
  const results = await api('GET', path(page.who, page.c, '/results'), { key: page.who.key });
  const taken = new Map();
  for (const x of page.commitments) for (const i of x.ideas || []) taken.set(i.id, x);
  return results.ranking.filter((r) => r.winner).map((r) => ({ ...r, taken: taken.get(r.idea) }));
}

// One update of POST …/updates; the page redraws with what the server now says.
async function update(page, x, form, body, done) {
  clearErrors(form);
  for (const b of form.querySelectorAll('button')) b.disabled = true;
  try {
    await api('POST', path(page.who, page.c, `/commitments/${x.id}/updates`), { key: page.who.key, body });
    pending = done;
    page.again();
  } catch (e) {
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    // "evidence" (none given) is said beside the link, the first way to give it.
    showError(form, e.field === 'evidence' ? { plain: true, message: errorText(e), field: 'evidence.url' } : e);
  }
}

const need = (form, name, message) => showError(form, { field: name, plain: true, message });

function summaryLine(x) {
  return h('div', { class: 'org-commitment-progress' },
    h('p', {}, h('span', { class: `commitment-status status-${x.status}` }, t(`progress.status.${x.status}`))),
    h('progress', { max: 100, value: Number(x.progress) || 0, 'aria-label': t('progress.bar_label', { title: x.title }) }),
    h('p', { class: 'formula' }, formulaText(x)));
}

function factsLine(page, x) {
  return h('p', { class: 'muted' }, [x.responsible,
    t('progress.period_range', { starts: date(x.starts, page.zone), ends: date(x.ends, page.zone) }),
    x.indicator ? t('org.commitments.indicator_line', { indicator: x.indicator, target: x.target }) : null].filter(Boolean).join(' · '));
}

function milestoneLine(page, ms) {
  return [h('strong', {}, ms.title), ' ',
    h('span', { class: 'muted' }, [t('progress.milestone.weight', { weight: number(ms.weight) }),
      ms.due ? t('progress.milestone.due', { at: date(ms.due, page.zone) }) : null,
      ms.completed_at ? t('progress.milestone.completed', { at: date(ms.completed_at, page.zone) }) : t('progress.milestone.pending')]
      .filter(Boolean).join(' · '))];
}

// ---- the organiser ----

function organiserCard(page, x) {
  const open = x.status !== commitmentStatus.verified;
  return h('li', { class: 'card org-commitment', 'data-id': x.id, 'data-status': x.status },
    h('h3', {}, x.title), summaryLine(x), factsLine(page, x),
    h('ol', { class: 'org-milestone-list' }, (x.milestones || []).map((ms, i) => h('li', { class: ms.completed_at ? 'done' : 'pending' },
      h('p', {}, milestoneLine(page, ms)),
      open && !ms.completed_at ? completeForm(page, x, ms, i + 1) : null))),
    x.status === commitmentStatus.not_started ? startForm(page, x) : null,
    noteForm(page, x),
    h('p', {}, h('a', { href: `/${page.who.municipality}/${page.c}/progress/${x.id}` }, t('org.commitments.public_one'))));
}

function startForm(page, x) {
  const form = h('form', { class: 'org-inline', onsubmit: (event) => {
    event.preventDefault();
    update(page, x, form, { action: commitmentAction.start }, t('org.commitments.started', { title: x.title }));
  } }, h('button', { type: 'submit' }, t('org.commitments.start')));
  return form;
}

function completeForm(page, x, ms, n) {
  const url = h('input', { type: 'url', name: 'evidence', inputmode: 'url', autocomplete: 'off' });
  const form = h('form', { class: 'org-inline org-complete', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const body = { action: commitmentAction.complete_milestone, milestone: n };
    if (url.value.trim()) body.evidence = { url: url.value.trim() };
    update(page, x, form, body, t('org.commitments.completed', { title: ms.title }));
  } },
  field(t('org.commitments.evidence_for', { title: ms.title }), url, { name: 'evidence.url', hint: t('org.commitments.evidence_hint') }),
  h('button', { type: 'submit', class: 'secondary' }, t('org.commitments.complete', { title: ms.title })));
  return form;
}

function noteForm(page, x) {
  const note = h('textarea', { name: 'note', rows: 2 });
  const form = h('form', { class: 'org-inline org-note', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    if (!note.value.trim()) return need(form, 'note', t('org.commitments.note_needed'));
    return update(page, x, form, { action: commitmentAction.note, note: note.value.trim() }, t('org.commitments.noted'));
  } },
  field(t('org.commitments.note', { title: x.title }), note, { name: 'note', hint: t('org.commitments.note_hint'), max: limits.note }),
  h('button', { type: 'submit', class: 'secondary' }, t('org.commitments.add_note')));
  return form;
}

// ---- a new commitment ----

function createForm(page, winners) {
  const { zone, doc } = page;
  const dev = doc.timeline.development;
  const ideas = ideasFieldset(winners);
  const topics = topicsFieldset();
  const milestones = milestonesFieldset();
  const text = (name, attrs = {}) => h('input', { name, autocomplete: 'off', ...attrs });
  const moment = (name, iso) => h('input', { name, type: 'datetime-local', value: toLocalInput(iso, zone) });
  const range = dev ? t('org.commitments.window', { opens: dateTime(dev.opens, zone), closes: dateTime(dev.closes, zone) })
    : t('org.commitments.no_window');
  const form = h('form', { class: 'org-editor org-commitment-form', novalidate: true },
    h('h2', { id: 'new-commitment' }, t('org.commitments.new')),
    h('p', { class: 'hint' }, t('org.editor.zone', { zone })),
    dev ? null : h('p', { class: 'alert' }, range),
    ideas.fieldset,
    h('fieldset', {}, h('legend', {}, t('org.commitments.smart')),
      field(t('org.commitments.f.title'), text('title'), { name: 'title', max: limits.title, min: 3 }),
      field(t('org.commitments.f.objective'), h('textarea', { name: 'objective', rows: 3 }),
        { name: 'objective', hint: t('org.commitments.f.objective_hint'), max: limits.objective }),
      field(t('org.commitments.f.responsible'), text('responsible'),
        { name: 'responsible', hint: t('org.commitments.f.responsible_hint'), max: limits.office }),
      h('div', { class: 'org-window' },
        field(t('org.commitments.f.starts'), moment('starts', dev?.opens), { name: 'starts', hint: range }),
        field(t('org.commitments.f.ends'), moment('ends', dev?.closes), { name: 'ends' })),
      field(t('org.commitments.f.indicator'), text('indicator'),
        { name: 'indicator', hint: t('org.commitments.f.indicator_hint'), max: limits.office }),
      field(t('org.commitments.f.target'), text('target'), { name: 'target', hint: t('org.commitments.f.target_hint'), max: limits.office })),
    topics.fieldset,
    milestones.fieldset,
    h('button', { type: 'submit' }, t('org.commitments.create')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = (name) => form.elements[name].value.trim();
    const body = {
      title: v('title'), objective: v('objective'), responsible: v('responsible'),
      starts: fromLocalInput(v('starts'), zone), ends: fromLocalInput(v('ends'), zone),
      indicator: v('indicator'), target: v('target'),
      ideas: ideas.read(), topics: topics.read(), milestones: milestones.read(zone),
    };
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      await api('POST', path(page.who, page.c, '/commitments'), { key: page.who.key, body });
      pending = t('org.commitments.created', { title: body.title });
      page.again();
    } catch (e) {
      submit.disabled = false;
      const group = { milestones: milestones.group, ideas: ideas.group }[e.field];
      if (group) groupError(form, e, group(), { sum: milestones.sum() });
      else showError(form, e);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'new-commitment' }, form);
}

// A refusal about a group of controls (the weights' sum, the choice of ideas): the message after
// the group's anchor, every control of it marked and described by it, the first one focused.
function groupError(form, error, { anchor, controls }, vars = {}) {
  clearErrors(form);
  const note = h('p', { class: 'field-error', id: `${anchor.id}-error` }, errorText(error, vars));
  anchor.after(note);
  for (const control of controls) {
    control.setAttribute('aria-invalid', 'true');
    const hint = document.getElementById(`${control.id}-hint`);
    control.setAttribute('aria-describedby', [hint?.id, note.id].filter(Boolean).join(' '));
  }
  controls[0]?.focus();
}

// The winners as checkboxes; one already carried out by another commitment cannot be chosen again.
function ideasFieldset(winners) {
  const list = h('div', { class: 'org-ideas', id: 'commitment-ideas' });
  const boxes = [];
  for (const w of winners || []) {
    const box = h('input', { type: 'checkbox', id: `idea-${w.idea}`, value: w.idea, disabled: Boolean(w.taken) });
    boxes.push(box);
    list.append(h('div', { class: 'org-check' }, box,
      h('label', { for: box.id }, w.title || t('org.count.hidden', { id: w.idea }), ' ',
        h('span', { class: 'muted' }, t('org.commitments.idea_rank', { rank: number(w.rank), score: number(w.score) }))),
      w.taken ? h('p', { class: 'hint' }, t('org.commitments.idea_taken', { title: w.taken.title })) : null));
  }
  const fieldset = h('fieldset', {}, h('legend', {}, t('org.commitments.ideas')),
    boxes.length ? list : h('p', { class: 'alert' }, t('org.commitments.no_winners')));
  return {
    fieldset,
    // The chosen ideas in order; each names its box for the server's "ideas[1]".
    read: () => {
      const chosen = boxes.filter((b) => b.checked);
      for (const b of boxes) delete b.dataset.field;
      chosen.forEach((b, i) => { b.dataset.field = `ideas[${i}]`; });
      return chosen.map((b) => Number(b.value));
    },
    group: () => ({ anchor: list, controls: boxes.filter((b) => !b.disabled) }),
  };
}

function topicsFieldset() {
  const boxes = inaiTopics.map((topic, i) => h('input', { type: 'checkbox', id: `topic-${i}`, value: topic }));
  const other = h('input', { name: 'topics', autocomplete: 'off' });
  const fieldset = h('fieldset', {}, h('legend', {}, t('org.commitments.topics')),
    h('p', { class: 'hint' }, t('org.commitments.topics_lead')),
    boxes.map((box, i) => h('div', { class: 'org-check' }, box, h('label', { for: box.id }, t(`org.commitments.topic.${i}`)))),
    field(t('org.commitments.other_topics'), other, { name: 'topics', hint: t('org.editor.categories_hint') }));
  return {
    fieldset,
    read: () => [...boxes.filter((b) => b.checked).map((b) => b.value),
      ...other.value.split(',').map((s) => s.trim()).filter(Boolean)],
  };
}

// Rows of title, weight and due date, and the weights' sum as it is typed ("Suma: 75 de 100").
function milestonesFieldset() {
  const list = h('ol', { class: 'org-milestones' });
  const sum = h('p', { class: 'org-sum', id: 'milestones-sum', role: 'status' });
  const values = () => [...list.children].map((li) => ({
    title: li.querySelector('[name="ms-title"]').value,
    weight: li.querySelector('[name="ms-weight"]').value,
    due: li.querySelector('[name="ms-due"]').value,
  }));
  const count = () => {
    const total = values().reduce((s, r) => s + (Number(r.weight) || 0), 0);
    const rest = total < 100 ? t('org.commitments.sum_missing', { count: 100 - total })
      : total > 100 ? t('org.commitments.sum_over', { count: total - 100 }) : t('org.commitments.sum_ok');
    sum.textContent = `${t('org.commitments.sum', { sum: number(total) })} ${rest}`;
    sum.classList.toggle('is-off', total !== 100);
  };
  const row = (v, i, n) => h('li', { class: 'org-milestone' },
    field(t('org.commitments.ms.title', { n: i + 1 }), h('input', { name: 'ms-title', value: v.title, maxlength: 200, autocomplete: 'off' }),
      { name: `milestones[${i}].title` }),
    field(t('org.commitments.ms.weight', { n: i + 1 }), h('input', { name: 'ms-weight', type: 'number', min: 1, max: 100, step: 1,
      inputmode: 'numeric', value: v.weight, oninput: count }), { name: `milestones[${i}].weight` }),
    field(t('org.commitments.ms.due', { n: i + 1 }), h('input', { name: 'ms-due', type: 'datetime-local', value: v.due }),
      { name: `milestones[${i}].due`, hint: t('org.commitments.ms.due_hint') }),
    n > 1 ? h('button', { type: 'button', class: 'secondary small', onclick: () => {
      const now = values();
      now.splice(i, 1);
      draw(now);
      list.querySelector('input')?.focus();
    } }, t('org.commitments.ms.remove', { n: i + 1 })) : null);
  const draw = (rows) => {
    list.replaceChildren(...rows.map((v, i) => row(v, i, rows.length)));
    count();
  };
  draw([{ title: '', weight: '', due: '' }]);
  const add = h('button', { type: 'button', class: 'secondary', onclick: () => {
    draw([...values(), { title: '', weight: '', due: '' }]);
    list.lastElementChild.querySelector('input').focus();
  } }, t('org.commitments.ms.add'));
  const fieldset = h('fieldset', { class: 'org-milestones-set' }, h('legend', {}, t('org.commitments.milestones')),
    h('p', { class: 'hint' }, t('org.commitments.ms.rule')),
    list, add, sum);
  return {
    fieldset,
    read: (zone) => values().map((r) => {
      const out = { title: r.title.trim(), weight: r.weight === '' ? null : Number(r.weight) };
      const due = fromLocalInput(r.due, zone);
      if (due) out.due = due;
      return out;
    }),
    group: () => ({ anchor: sum, controls: [...list.querySelectorAll('[name="ms-weight"]')] }),
    sum: () => values().reduce((total, r) => total + (Number(r.weight) || 0), 0),
  };
}

// ---- the verifier ----

async function verifierView(page) {
  const completed = page.commitments.filter((x) => x.status === commitmentStatus.completed);
  // The milestones' own evidence is in each history: asked for only for what awaits a verdict.
  const full = await Promise.all(completed.map((x) => withHistory(page, x)));
  const others = page.commitments.filter((x) => x.status !== commitmentStatus.completed);
  return [
    h('section', { 'aria-labelledby': 'to-verify' },
      h('h2', { id: 'to-verify' }, t('org.verify.pending', { count: full.length })),
      full.length ? h('ul', { class: 'org-list org-commitments' }, full.map((x) => verifyCard(page, x)))
        : h('p', {}, t('org.verify.none'))),
    others.length ? h('section', { 'aria-labelledby': 'not-to-verify' },
      h('h2', { id: 'not-to-verify' }, t('org.verify.others')),
      h('ul', { class: 'org-list org-commitments' }, others.map((x) => h('li', { class: 'card org-commitment', 'data-id': x.id, 'data-status': x.status },
        h('h3', {}, x.title), summaryLine(x), factsLine(page, x),
        x.verification ? h('p', {}, t('progress.verified_on', { at: dateTime(x.verification.at, page.zone) })) : null)))) : null,
  ];
}

// A commitment with its whole history, which comes a page at a time (`?after=&limit=`): a
// milestone's evidence may lie past the first page (after many notes, say). Pages of 200, at most 10.
async function withHistory(page, x) {
  const read = (query) => api('GET', path(page.who, page.c, `/commitments/${encodeURIComponent(x.id)}${query}`), { key: page.who.key });
  const first = await read('?limit=200');
  const history = [...(first.history || [])];
  let next = first.history_next_after ?? null;
  for (let i = 0; next !== null && i < 10; i += 1) {
    const more = await read(`?after=${encodeURIComponent(next)}&limit=200`);
    history.push(...(more.history || []));
    next = more.history_next_after ?? null;
  }
  return { ...first, history };
}

// The last evidence the organiser gave for each milestone, by its number.
function milestoneEvidence(x) {
  const out = new Map();
  for (const e of x.history || []) if (e.action === commitmentEvent.milestone_completed && e.milestone) out.set(e.milestone, e.evidence);
  return out;
}

function evidenceLine(evidence) {
  if (!evidence?.url && !evidence?.sha256) return null;
  return h('p', { class: 'org-evidence' }, t('progress.evidence.url'), ' ',
    evidence.url ? h('a', { href: evidence.url, rel: 'noopener noreferrer' }, h('code', {}, evidence.url)) : null, ' ',
    evidence.sha256 ? h('code', { class: 'sha256' }, evidence.sha256) : null);
}

function verifyCard(page, x) {
  const evidence = milestoneEvidence(x);
  return h('li', { class: 'card org-commitment', 'data-id': x.id, 'data-status': x.status },
    h('h3', {}, x.title), summaryLine(x), factsLine(page, x),
    x.objective ? h('p', { class: 'description' }, x.objective) : null,
    h('ol', { class: 'org-milestone-list' }, (x.milestones || []).map((ms, i) => h('li', { class: ms.completed_at ? 'done' : 'pending' },
      h('p', {}, milestoneLine(page, ms)), evidenceLine(evidence.get(i + 1))))),
    verifyForm(page, x), rejectForm(page, x));
}


function verifyForm(page, x) {
  const url = h('input', { type: 'url', name: 'evidence', inputmode: 'url', autocomplete: 'off' });
  const sha = h('input', { name: 'sha256', autocomplete: 'off', spellcheck: 'false', class: 'mono', maxlength: 64 });
  const file = h('input', { type: 'file', name: 'document' });
  const hashed = h('p', { class: 'hint', role: 'status' });
  const note = h('textarea', { name: 'note', rows: 3 });
  hashOnChoice(file, sha, hashed);
  const form = h('form', { class: 'org-verify', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const body = { action: commitmentAction.verify, note: note.value.trim(), evidence: {} };
    if (url.value.trim()) body.evidence.url = url.value.trim();
    if (sha.value.trim()) body.evidence.sha256 = sha.value.trim().toLowerCase();
    if (!body.evidence.url && !body.evidence.sha256) return need(form, 'evidence.url', t('org.verify.evidence_needed'));
    if (!body.note) return need(form, 'note', t('org.verify.note_needed'));
    return update(page, x, form, body, t('org.verify.verified', { title: x.title }));
  } },
  h('h4', {}, t('org.verify.verify_title')),
  field(t('org.verify.url'), url, { name: 'evidence.url', hint: t('org.verify.url_hint') }),
  field(t('org.verify.file'), file, { hint: t('org.verify.file_hint') }),
  hashed,
  field(t('org.verify.sha256'), sha, { name: 'evidence.sha256', hint: t('org.verify.sha256_hint') }),
  field(t('org.verify.note'), note, { name: 'note', max: limits.note }),
  h('button', { type: 'submit' }, t('org.verify.verify')));
  return form;
}

function rejectForm(page, x) {
  const reason = h('textarea', { name: 'note', rows: 2 });
  const which = h('select', { name: 'milestone' },
    h('option', { value: '' }, t('org.verify.reopen_last')),
    (x.milestones || []).map((ms, i) => h('option', { value: i + 1 }, t('org.verify.reopen_one', { n: i + 1, title: ms.title }))));
  const form = h('form', { class: 'org-reject', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    if (!reason.value.trim()) return need(form, 'note', t('org.verify.reason_needed'));
    const body = { action: commitmentAction.reject, note: reason.value.trim() };
    if (which.value) body.milestone = Number(which.value);
    return update(page, x, form, body, t('org.verify.rejected', { title: x.title }));
  } },
  h('h4', {}, t('org.verify.reject_title')),
  field(t('org.verify.reason'), reason, { name: 'note', hint: t('org.verify.reason_hint'), max: limits.note }),
  field(t('org.verify.reopen'), which, { name: 'milestone' }),
  h('button', { type: 'submit', class: 'danger' }, t('org.verify.reject')));
  return form;
}
