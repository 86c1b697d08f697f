// The consultation: the survey a challenge asks before its ideas, answered with the token kept on
// this device. One control per kind of question (single: radios; multiple: checkboxes up to `max`
// with a live count; scale: radios 1..points between its two labels; ranking: the ballot's ordered
// list; text: a textarea with a live count of characters). The server decides every rule: its
// refusal shows beside the question it names (`answers.<id>`). One response per token counts, the
// latest, so the answers sent are kept on the device for the resident to change.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { dateTime } from '../format.js';
import { getToken, getSurveyResponse, setSurveyResponse } from '../tokens.js';
import { rankingList } from '../ballots/ranking.js';
import { charCounter } from '../refusal.js';
import { errorCode, questionKind } from '../vocabulary.js';
import { loadChallenge, backLink, errorText, alertBox } from './common.js';

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge, zone }, survey] = await Promise.all([loadChallenge(m, c), api('GET', challengePath(m, c, '/survey'))]);
  if (!ctx.current()) return;
  const page = { view, m, c, challenge, zone, survey, token: getToken(m, c) };
  const why = closedText(page);
  if (why) {
    show(view, backLink(m, c, challenge), heading(page), why);
    return;
  }
  drawForm(page, getSurveyResponse(m, c));
}

const heading = (page) => h('h1', {}, t('survey.title', { title: page.challenge.title }));

// Why there is no form to answer now, in words, or null when there is one.
function closedText({ m, c, challenge, zone, survey, token }) {
  const span = survey.consultation;
  if (!span || !survey.questions?.length) return h('p', { class: 'not-yet' }, t('survey.none'));
  if (!survey.open) {
    const now = Date.parse(challenge.now || new Date().toISOString());
    if (now < Date.parse(span.opens))
      return h('p', { class: 'not-yet' }, t('survey.not_yet', { opens: dateTime(span.opens, zone), closes: dateTime(span.closes, zone) }));
    return [h('p', { class: 'not-yet' }, t('survey.closed', { at: dateTime(span.closes, zone) })),
      h('p', {}, h('a', { href: `/${m}/${c}/survey/results` }, t('survey.results_link')))];
  }
  if (!token) return h('p', {}, t('takepart.card'));
  return null;
}

function drawForm(page, previous) {
  const { view, m, c, challenge, zone, survey } = page;
  const required = survey.questions.some((q) => q.required);
  show(view, backLink(m, c, challenge), heading(page),
    h('p', { class: 'lead' }, t('survey.lead', { closes: dateTime(survey.consultation.closes, zone) })),
    previous ? h('p', { class: 'notice' }, t('survey.changing')) : null,
    required ? h('p', { class: 'hint' }, t('survey.required_hint')) : null,
    surveyForm(page, previous?.answers || {}, Boolean(previous)));
}

function surveyForm(page, previous, changing) {
  const { m, c, token } = page;
  const top = h('div', { class: 'form-alert' });
  const questions = page.survey.questions.map((q, i) => control(q, i, previous[q.id], changing));
  const submit = h('button', { type: 'submit' }, t('survey.submit'));
  const form = h('form', { class: 'survey', novalidate: true }, top,
    h('ol', { class: 'questions' }, questions.map((q) => h('li', {}, q.node))),
    h('p', { class: 'muted' }, t('survey.last_counts')), h('p', {}, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    top.replaceChildren();
    for (const q of questions) q.clear();
    const answers = {};
    for (const q of questions) {
      const value = q.value();
      if (value !== undefined) answers[q.id] = value;
    }
    submit.disabled = true;
    try {
      const answer = await api('PUT', challengePath(m, c, '/survey/response'), { body: { token, answers } });
      setSurveyResponse(m, c, { answers, receipt: answer.receipt });
      confirmation(page, answer);
    } catch (e) {
      submit.disabled = false;
      const q = e.field && questions.find((x) => e.field === `answers.${x.id}`);
      if (e.code === errorCode.invalid_field && q) q.fail(refusalText(q.question, answers[q.id], e));
      else fail(top, errorText(e));
    }
  });
  return form;
}

// The server's refusal of one answer, in the resident's words: what the question asks for.
function refusalText(q, value, e) {
  if (value === undefined && q.required) return t('survey.error.required');
  if (q.kind === questionKind.text && [...(value || '')].length > (q.max_length ?? 500)) return t('survey.error.too_long', { count: q.max_length ?? 500 });
  const max = q.kind === questionKind.text ? q.max_length ?? 500 : Math.min(q.max || q.options?.length || 0, q.options?.length || 0);
  return t(`survey.error.${q.kind}`, { count: max, max, points: q.points || 5 });
}

function fail(top, message) {
  const box = alertBox(message);
  box.setAttribute('tabindex', '-1');
  top.replaceChildren(box);
  box.focus();
}

function confirmation(page, answer) {
  const { view, m, c, challenge, zone, survey } = page;
  show(view, backLink(m, c, challenge),
    h('h1', {}, t('survey.thanks')),
    h('p', { class: 'notice', role: 'status' }, t(answer.replaced ? 'survey.replaced' : 'survey.saved')),
    h('p', {}, t('survey.replace_rule', { closes: dateTime(survey.consultation.closes, zone) })),
    h('p', { class: 'muted' }, t('survey.receipt'), ' ', h('code', { class: 'receipt-full' }, answer.receipt)),
    h('p', { class: 'muted' }, t('survey.receipt_why')),
    h('p', { class: 'actions' },
      h('button', { type: 'button', onclick: () => drawForm(page, getSurveyResponse(m, c)) }, t('survey.change')),
      h('a', { class: 'button secondary', href: `/${m}/${c}` }, t('survey.back'))));
}

// ---- one question ----

// The question's number, prompt and mark of required, for its legend or label.
function title(q, i) {
  return [h('span', { class: 'q-number' }, `${i + 1}. `), q.prompt,
    q.required ? h('span', { class: 'required' }, ` ${t('survey.required')}`) : null];
}

// {id, node, value(): the answer or undefined, fail(message), clear()} for one question.
function control(q, i, previous, changing) {
  const made = { [questionKind.single]: choice, [questionKind.multiple]: choice, [questionKind.scale]: scale,
    [questionKind.ranking]: ranking, [questionKind.text]: text }[q.kind](q, i, previous, changing);
  const errorId = `q-${q.id}-error`;
  const described = made.described || made.node;
  const base = described.getAttribute('aria-describedby');
  return {
    id: q.id,
    question: q,
    node: made.node,
    value: made.value,
    fail(message) {
      const note = h('p', { class: 'field-error', id: errorId }, message);
      made.errorAfter.after(note);
      described.setAttribute('aria-describedby', [base, errorId].filter(Boolean).join(' '));
      for (const input of made.node.querySelectorAll('input, textarea')) input.setAttribute('aria-invalid', 'true');
      made.node.querySelector('input:not(:disabled), textarea, button:not(:disabled)')?.focus();
    },
    clear() {
      document.getElementById(errorId)?.remove();
      if (base) described.setAttribute('aria-describedby', base);
      else described.removeAttribute('aria-describedby');
      for (const input of made.node.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    },
  };
}

// Single (radios) and multiple (checkboxes, the rest disabled at `max`, a live "2 de 3").
function choice(q, i, previous) {
  const multiple = q.kind === questionKind.multiple;
  const max = multiple ? Math.min(q.max || q.options.length, q.options.length) : 1;
  const chosen = new Set(multiple ? (Array.isArray(previous) ? previous : []) : [previous]);
  const counterId = `q-${q.id}-counter`;
  const counter = multiple ? h('p', { class: 'counter', 'aria-live': 'polite', id: counterId }) : null;
  const boxes = q.options.map((text, k) => h('input', {
    type: multiple ? 'checkbox' : 'radio', name: `q-${q.id}`, value: k, id: `q-${q.id}-${k}`, checked: chosen.has(k),
    required: !multiple && q.required,
  }));
  const clear = !multiple && !q.required ? h('button', { type: 'button', class: 'secondary small', onclick: () => {
    for (const b of boxes) b.checked = false;
    update();
    boxes[0].focus();
  } }, t('survey.clear')) : null;
  const update = () => {
    const n = boxes.filter((b) => b.checked).length;
    if (multiple) {
      for (const b of boxes) b.disabled = !b.checked && n >= max;
      counter.textContent = t('ballot.counter', { count: n, max });
    }
    if (clear) clear.hidden = n === 0;
  };
  for (const b of boxes) b.addEventListener('change', update);
  const hint = multiple ? h('p', { class: 'hint', id: `q-${q.id}-hint` }, t('survey.multiple.hint', { count: max })) : null;
  const node = h('fieldset', { class: `ballot question q-${q.kind}`, 'data-question': q.id, 'aria-describedby': hint ? hint.id : null },
    h('legend', {}, title(q, i)), hint, counter,
    h('ul', { class: 'options' }, q.options.map((text, k) => h('li', {}, boxes[k], ' ', h('label', { for: boxes[k].id }, text)))),
    clear);
  update();
  const picked = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  return {
    node,
    errorAfter: counter || node.querySelector('legend'),
    value: () => {
      const p = picked();
      if (p.length === 0) return undefined;
      return multiple ? p : p[0];
    },
  };
}

// Scale: radios 1..points in a row, the two labels at its ends (and in the end radios' names).
function scale(q, i, previous) {
  const points = q.points || 5;
  const values = Array.from({ length: points }, (_, k) => k + 1);
  const radios = values.map((v) => h('input', { type: 'radio', name: `q-${q.id}`, value: v, id: `q-${q.id}-${v}`,
    checked: previous === v, required: q.required }));
  const end = (v) => (v === 1 ? q.min_label : v === points ? q.max_label : '');
  const clear = !q.required ? h('button', { type: 'button', class: 'secondary small', onclick: () => {
    for (const r of radios) r.checked = false;
    clear.hidden = true;
    radios[0].focus();
  } }, t('survey.clear')) : null;
  const update = () => { if (clear) clear.hidden = !radios.some((r) => r.checked); };
  for (const r of radios) r.addEventListener('change', update);
  update();
  const hint = h('p', { class: 'hint', id: `q-${q.id}-hint` }, t('survey.scale.hint', { points }));
  const node = h('fieldset', { class: 'ballot question q-scale', 'data-question': q.id, 'aria-describedby': hint.id },
    h('legend', {}, title(q, i)), hint,
    q.min_label || q.max_label ? h('p', { class: 'scale-ends', 'aria-hidden': 'true' },
      h('span', {}, q.min_label ? `1 = ${q.min_label}` : ''), h('span', {}, q.max_label ? `${points} = ${q.max_label}` : '')) : null,
    h('ul', { class: 'scale-points' }, values.map((v, k) => h('li', {}, radios[k],
      h('label', { for: radios[k].id }, String(v), end(v) ? h('span', { class: 'visually-hidden' }, ` (${end(v)})`) : null)))),
    clear);
  return {
    node,
    errorAfter: hint,
    value: () => {
      const r = radios.find((x) => x.checked);
      return r ? Number(r.value) : undefined;
    },
  };
}

// Ranking: the ballot's ordered list over the options, up to `max`, best first.
function ranking(q, i, previous) {
  const max = Math.min(q.max || q.options.length, q.options.length);
  const list = rankingList({
    items: q.options.map((text, k) => ({ id: k, title: text })), max,
    initial: Array.isArray(previous) ? previous : [],
    legend: title(q, i), hint: t('survey.ranking.hint', { count: max }), others: t('survey.ranking.others'),
    prefix: `q-${q.id}-`, describedBy: `q-${q.id}-ranking-hint`, fieldsetClass: 'ballot ballot-ranking question q-ranking', heading: 'p',
  });
  list.node.dataset.question = q.id;
  return {
    node: list.node,
    errorAfter: list.node.querySelector('.hint'),
    value: () => {
      const order = list.order();
      return order.length ? order : undefined;
    },
  };
}

// Text: a textarea with the count of its characters against max_length, as the server counts them.
// Free text is never kept on the device (tokens.js): a resident changing their answers is told to
// write it again.
function text(q, i, previous, changing) {
  const max = q.max_length ?? 500;
  const id = `q-${q.id}-text`;
  const area = h('textarea', { id, name: `q-${q.id}`, rows: 4, value: typeof previous === 'string' ? previous : '',
    'aria-required': q.required ? 'true' : null });
  const again = changing ? h('p', { class: 'hint', id: `${id}-again` }, t('survey.text.not_kept')) : null;
  if (again) area.setAttribute('aria-describedby', again.id);
  const count = charCounter(area, max);
  const node = h('div', { class: 'question q-text field', 'data-question': q.id },
    h('label', { for: id }, title(q, i)), again, area, count);
  return {
    node,
    described: area,
    errorAfter: count,
    value: () => (area.value.trim() ? area.value : undefined),
  };
}
