// The consultation's survey, for the organiser. Until the consultation opens: an editor of the
// questions (add, remove, move; the kind chosen shows its own fields) that PUTs the whole list, each
// refusal beside the field it names (`questions[1].options`). From the opening the survey is frozen
// and shown as it stands. While the consultation is open nobody reads the answers, the organiser
// neither (so no revocation or reissue tells anyone what one person answered): the page says how
// many responses arrived and when answers, free text and seeding open. Once it closes and there are
// answers: the free-text answers awaiting review, to publish or to hide with a reason, and the
// challenge's categories seeded from a choice question's most-chosen options. The server decides
// every rule.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { dateTime, number } from '../format.js';
import { challenge as loadChallenge, path } from './data.js';
import { questionKind, questionKinds, textAction, textStatus } from '../vocabulary.js';
import { field, showError, clearErrors, alertIn, errorText, status } from './form.js';

// The fields each kind has, besides id, prompt and required.
const fieldsOf = {
  [questionKind.single]: ['options'], [questionKind.multiple]: ['options', 'max'], [questionKind.ranking]: ['options', 'max'],
  [questionKind.scale]: ['points', 'min_label', 'max_label'], [questionKind.text]: ['max_length'],
};

// A message for the page an action redraws ("Encuesta guardada.").
let pending = null;

export async function render(view, { who, c, bar, nav, again }) {
  const [{ zone, challenge: doc }, survey] = await Promise.all([loadChallenge(who, c),
    api('GET', path(who, c, '/survey'), { key: who.key })]);
  const notice = pending;
  pending = null;
  const page = { who, c, zone, doc, survey, again };
  const span = survey.consultation;
  const top = [bar, nav, h('h1', {}, t('org.survey.title', { title: doc.title })), notice ? status(notice) : null,
    h('p', {}, t('org.survey.lead'))];
  if (!span) {
    return show(view, top, h('p', { class: 'alert' }, t('org.survey.no_window')),
      h('p', {}, h('a', { href: `/organiser/${c}/edit` }, t('org.survey.add_window'))));
  }
  // From the opening the organiser reads how many responses arrived; from the close, the results.
  const results = survey.frozen && survey.questions.length
    ? await api('GET', path(who, c, '/survey/results'), { key: who.key }).catch(() => null) : null;
  const closed = Boolean(results?.closed);
  const answered = closed && results.responses > 0;
  const texts = answered && survey.questions.some((q) => q.kind === questionKind.text)
    ? (await api('GET', path(who, c, `/survey/texts?status=${textStatus.pending}`), { key: who.key })).answers : [];
  return show(view, top,
    h('p', { class: 'org-survey-window' }, t('org.survey.window', { opens: dateTime(span.opens, zone), closes: dateTime(span.closes, zone) })),
    survey.frozen ? frozenView(page, results) : editorForm(page),
    results && !closed ? h('p', { class: 'notice org-sealed' }, t('org.survey.sealed', { at: dateTime(span.closes, zone) })) : null,
    answered ? [textsSection(page, results, texts), categoriesSection(page)] : null,
    h('ul', { class: 'org-links' },
      h('li', {}, h('a', { href: `/${who.municipality}/${c}/survey` }, t('org.survey.public'))),
      h('li', {}, h('a', { href: `/${who.municipality}/${c}/survey/results` }, t('org.survey.public_results')))));
}

// ---- the survey once the consultation opened ----

function frozenView(page, results) {
  const { survey, zone } = page;
  return h('section', { 'aria-labelledby': 'survey-questions' },
    h('h2', { id: 'survey-questions' }, t('org.survey.questions')),
    h('p', { class: 'notice org-frozen' }, t('org.survey.frozen', { at: dateTime(survey.consultation.opens, zone) })),
    survey.questions.length ? h('ol', { class: 'org-survey-frozen' }, survey.questions.map((q) => h('li', { 'data-question': q.id },
      h('p', {}, h('strong', {}, q.prompt)),
      h('p', { class: 'muted' }, [t(`org.survey.kind.${q.kind}`), q.required ? t('org.survey.required_mark') : null,
        t('org.survey.id_mark', { id: q.id })].filter(Boolean).join(' · ')),
      q.options ? h('ul', {}, q.options.map((o) => h('li', {}, o))) : null))) : h('p', {}, t('org.survey.no_questions')),
    results ? h('p', { class: 'org-responses' }, t(results.closed ? 'org.survey.responses_counted' : 'org.survey.responses',
      { count: results.responses, n: number(results.responses) })) : null);
}

// ---- the editor ----

// A question as the editor holds it: strings as typed, options one per line.
function rowOf(q) {
  const options = q.options || [];
  return {
    id: q.id || '', kind: q.kind || questionKind.single, prompt: q.prompt || '', required: Boolean(q.required),
    options: options.join('\n'),
    // The server writes "all" as the number of options; the editor shows it as empty again.
    max: q.max && q.max !== options.length ? String(q.max) : '',
    points: String(q.points ?? 5), min_label: q.min_label || '', max_label: q.max_label || '',
    max_length: String(q.max_length ?? 500),
  };
}

// The row as the API's question: only the fields of its kind, numbers as numbers.
function questionOf(v) {
  const q = { id: v.id.trim(), kind: v.kind, prompt: v.prompt.trim(), required: v.required };
  const has = (f) => fieldsOf[v.kind].includes(f);
  const whole = (s) => (s.trim() === '' ? undefined : Number(s));
  if (has('options')) q.options = v.options.split('\n').map((s) => s.trim()).filter(Boolean);
  if (has('max') && whole(v.max) !== undefined) q.max = whole(v.max);
  if (has('points') && whole(v.points) !== undefined) q.points = whole(v.points);
  if (has('min_label') && v.min_label.trim()) q.min_label = v.min_label.trim();
  if (has('max_label') && v.max_label.trim()) q.max_label = v.max_label.trim();
  if (has('max_length') && whole(v.max_length) !== undefined) q.max_length = whole(v.max_length);
  return q;
}

// An id no other question has: pregunta-1, pregunta-2…
function freshId(rows) {
  const taken = new Set(rows.map((r) => r.id));
  let n = rows.length + 1;
  while (taken.has(`pregunta-${n}`)) n += 1;
  return `pregunta-${n}`;
}

function editorForm(page) {
  const { who, c, survey } = page;
  let rows = survey.questions.length ? survey.questions.map(rowOf) : [rowOf({ id: 'pregunta-1' })];
  const list = h('ol', { class: 'org-questions' });
  const form = h('form', { class: 'org-editor org-survey-editor', novalidate: true });

  // Redraws every question (their numbers and the fields the server names change with a move)
  // and puts the focus where the organiser was.
  const draw = (focus) => {
    list.replaceChildren(...rows.map((v, i) => questionRow(v, i)));
    if (focus) document.getElementById(focus)?.focus();
  };
  const moveTo = (i, to, keep) => {
    const [v] = rows.splice(i, 1);
    rows.splice(to, 0, v);
    draw(keep(to));
  };

  function questionRow(v, i) {
    const n = i + 1;
    const name = (f) => `questions[${i}].${f}`;
    const bind = (node, key, parse = (x) => x) => {
      node.addEventListener('input', () => { v[key] = parse(node.type === 'checkbox' ? node.checked : node.value); });
      node.addEventListener('change', () => { v[key] = parse(node.type === 'checkbox' ? node.checked : node.value); });
      return node;
    };
    const control = (key, attrs) => bind(h(attrs.tag || 'input', { name: `q-${key}`, value: v[key], autocomplete: 'off', ...attrs, tag: null }), key);
    const extra = h('div', { class: 'org-question-fields' });
    const kind = bind(h('select', { name: 'q-kind', id: `q${n}-kind` },
      questionKinds.map((k) => h('option', { value: k, selected: k === v.kind }, t(`org.survey.kind.${k}`)))), 'kind');
    const drawKind = () => {
      const has = (f) => fieldsOf[v.kind].includes(f);
      extra.replaceChildren(...[
        has('options') ? field(t('org.survey.q.options', { n }), control('options', { tag: 'textarea', rows: 4 }),
          { name: name('options'), hint: t('org.survey.q.options_hint') }) : null,
        has('max') ? field(t(`org.survey.q.max.${v.kind}`, { n }), control('max', { type: 'number', min: 1, max: 50, inputmode: 'numeric' }),
          { name: name('max'), hint: t(`org.survey.q.max_hint.${v.kind}`) }) : null,
        has('points') ? field(t('org.survey.q.points', { n }), control('points', { type: 'number', min: 2, max: 10, inputmode: 'numeric' }),
          { name: name('points'), hint: t('org.survey.q.points_hint') }) : null,
        has('min_label') ? field(t('org.survey.q.min_label', { n }), control('min_label', { maxlength: 80 }),
          { name: name('min_label'), hint: t('org.survey.q.min_label_hint') }) : null,
        has('max_label') ? field(t('org.survey.q.max_label', { n }), control('max_label', { maxlength: 80 }),
          { name: name('max_label'), hint: t('org.survey.q.max_label_hint') }) : null,
        has('max_length') ? field(t('org.survey.q.max_length', { n }), control('max_length', { type: 'number', min: 1, max: 2000, inputmode: 'numeric' }),
          { name: name('max_length'), hint: t('org.survey.q.max_length_hint') }) : null,
      ].filter(Boolean));
    };
    kind.addEventListener('change', drawKind);
    drawKind();
    const required = bind(h('input', { type: 'checkbox', id: `q${n}-required`, checked: v.required }), 'required');
    const move = (what, label, onclick, disabled) => h('button', { type: 'button', class: 'secondary small', id: `q${n}-${what}`,
      disabled, onclick }, t(label, { n }));
    return h('li', { class: 'card org-question', 'data-kind': v.kind },
      h('h3', {}, t('org.survey.q.title', { n })),
      field(t('org.survey.q.prompt', { n }), control('prompt', { tag: 'textarea', rows: 2, maxlength: 500 }), { name: name('prompt') }),
      field(t('org.survey.q.kind', { n }), kind, { name: name('kind') }),
      extra,
      h('div', { class: 'org-check' }, required, h('label', { for: required.id }, t('org.survey.q.required', { n }))),
      field(t('org.survey.q.id', { n }), control('id', { maxlength: 32, spellcheck: 'false', class: 'mono' }),
        { name: name('id'), hint: t('org.survey.q.id_hint') }),
      h('p', { class: 'org-question-moves' },
        move('up', 'org.survey.q.up', () => moveTo(i, i - 1, (to) => (to === 0 ? `q${to + 1}-down` : `q${to + 1}-up`)), i === 0),
        move('down', 'org.survey.q.down', () => moveTo(i, i + 1, (to) => (to === rows.length - 1 ? `q${to + 1}-up` : `q${to + 1}-down`)),
          i === rows.length - 1),
        rows.length > 1 ? move('remove', 'org.survey.q.remove', () => {
          rows.splice(i, 1);
          draw();
          list.querySelector(`li:nth-child(${Math.min(n, rows.length)}) textarea`)?.focus();
        }, false) : null));
  }

  const add = h('button', { type: 'button', class: 'secondary', onclick: () => {
    rows.push(rowOf({ id: freshId(rows) }));
    draw();
    list.lastElementChild.querySelector('textarea').focus();
  } }, t('org.survey.add'));
  const save = h('button', { type: 'submit' }, t('org.survey.save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      await api('PUT', path(who, c, '/survey'), { key: who.key, body: { questions: rows.map(questionOf) } });
      pending = t('org.survey.saved', { count: rows.length });
      page.again();
    } catch (e) {
      save.disabled = false;
      // The list as a whole (none at all, or frozen meanwhile) is said above it.
      if (!e.field || e.field === 'questions' || !form.querySelector(`[data-field="${CSS.escape(e.field)}"]`)) alertIn(form, errorText(e));
      else showError(form, e);
    }
  });
  draw();
  form.append(h('h2', { id: 'survey-questions' }, t('org.survey.questions')),
    h('ul', { class: 'org-rules' }, ['whole', 'frozen', 'ids'].map((r) => h('li', {}, t(`org.survey.rule.${r}`)))),
    list, h('p', {}, add), h('p', {}, save));
  return h('section', { 'aria-labelledby': 'survey-questions' }, form);
}

// ---- free text to review ----

function textsSection(page, results, texts) {
  const { survey } = page;
  const prompts = new Map(survey.questions.map((q) => [q.id, q.prompt]));
  const textQuestions = (results.questions || []).filter((q) => q.kind === questionKind.text);
  if (!textQuestions.length) return null;
  // A question's counts are by status: `published` holds the first 50 texts, `published_count`
  // says how many there are in all; `pending` and `hidden` are numbers.
  const count = (q, k) => (k === textStatus.published ? Number(q.published_count ?? q.published?.length) || 0 : Number(q[k]) || 0);
  const sum = (k) => textQuestions.reduce((s, q) => s + count(q, k), 0);
  return h('section', { 'aria-labelledby': 'survey-texts' },
    h('h2', { id: 'survey-texts' }, t('org.survey.texts.title', { count: texts.length, n: number(texts.length) })),
    h('p', {}, t('org.survey.texts.lead')),
    h('p', { class: 'muted org-text-counts' }, t('org.survey.texts.counts', { published: number(sum(textStatus.published)),
      pending: number(sum(textStatus.pending)), hidden: number(sum(textStatus.hidden)) })),
    texts.length ? h('ul', { class: 'org-list org-texts' }, texts.map((x) => textItem(page, x, prompts.get(x.question) ?? x.question)))
      : h('p', {}, t('org.survey.texts.none')));
}

function textItem(page, x, prompt) {
  const { who, c } = page;
  const which = h('span', { class: 'visually-hidden' }, ` ${t('org.survey.texts.which', { id: x.id })}`);
  const moderate = async (form, body, done) => {
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      await api('POST', path(who, c, `/survey/texts/${x.id}/moderation`), { key: who.key, body });
      pending = done;
      page.again();
    } catch (e) {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      showError(form, e);
    }
  };
  const publish = h('form', { class: 'org-inline', onsubmit: (event) => {
    event.preventDefault();
    moderate(publish, { action: textAction.publish }, t('org.survey.texts.published', { id: x.id }));
  } }, h('button', { type: 'submit' }, t('org.survey.texts.publish'), which.cloneNode(true)));
  const reason = h('input', { name: 'reason', autocomplete: 'off', id: `reason-${x.id}` });
  const hide = h('form', { class: 'org-inline org-moderate', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    if (!reason.value.trim()) return showError(hide, { field: 'reason', plain: true, message: t('org.survey.texts.reason_needed') });
    return moderate(hide, { action: textAction.hide, reason: reason.value.trim() }, t('org.survey.texts.hidden_done', { id: x.id }));
  } },
  field(t('org.survey.texts.reason'), reason, { name: 'reason', hint: t('org.survey.texts.reason_hint'), max: 500 }),
  h('button', { type: 'submit', class: 'danger' }, t('org.survey.texts.hide'), which.cloneNode(true)));
  return h('li', { class: 'card org-text', 'data-id': x.id },
    h('p', { class: 'muted' }, t('org.survey.texts.of', { prompt, id: x.id })),
    h('blockquote', { class: 'org-text-answer' }, x.text),
    publish, hide);
}

// ---- categories from the consultation ----

function categoriesSection(page) {
  const { who, c, doc, survey } = page;
  const choices = survey.questions.filter((q) => q.kind === questionKind.single || q.kind === questionKind.multiple);
  if (!choices.length) return null;
  const question = h('select', { name: 'question' }, choices.map((q) => h('option', { value: q.id }, q.prompt)));
  const count = h('input', { name: 'count', type: 'number', min: 1, max: 10, value: '3', inputmode: 'numeric' });
  const before = doc.categories || [];
  const form = h('form', { class: 'org-editor org-seed', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const body = { question: question.value };
      if (count.value !== '') body.count = Number(count.value);
      const after = await api('POST', path(who, c, '/survey/categories'), { key: who.key, body });
      const added = (after.categories || []).filter((x) => !before.includes(x));
      pending = added.length ? t('org.survey.categories.added', { count: added.length, list: added.join(', ') })
        : t('org.survey.categories.none_added');
      page.again();
    } catch (e) {
      submit.disabled = false;
      showError(form, e);
    }
  } },
  field(t('org.survey.categories.question'), question, { name: 'question' }),
  field(t('org.survey.categories.count'), count, { name: 'count', hint: t('org.survey.categories.count_hint') }),
  h('button', { type: 'submit' }, t('org.survey.categories.seed')));
  return h('section', { 'aria-labelledby': 'survey-categories' },
    h('h2', { id: 'survey-categories' }, t('org.survey.categories.title')),
    h('p', {}, t('org.survey.categories.lead')),
    h('p', { class: 'org-categories' }, before.length ? [h('strong', {}, t('org.survey.categories.now')), ' ',
      before.map((x) => h('span', { class: 'tag' }, x))] : t('org.survey.categories.empty')),
    form);
}
