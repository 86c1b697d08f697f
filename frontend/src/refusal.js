// A refusal of the API in the person's words. The server answers {code, message, field?}; its
// message is English with internal names ("timeline.submission.opens is required"), meant for API
// clients, so the app never shows it: the words come from the code and the field, in the app's
// language, and name the field by the label the person sees. Residents' words are `refusal.*`
// (locales/es-MX.json), the organisers' `org.refusal.*` (locales/organiser.*.json); a message is
// looked up from the most precise to the most general (a field's own message says what to write,
// so it serves an empty control too):
//   {prefix}.{code}.{field}           the field as named, an index as []: invalid_field.milestones[].weight
//   {prefix}.{code}.{pattern}         the field's pattern: timeline.*.closes, answers.*, steps[].note
//   {prefix}.required                 invalid_field on a control left empty: "Completa «{label}»."
//   {prefix}.{code}.field             any other field of that code, by its label
//   {prefix}.{code}                   the code alone
//   {prefix}.other                    anything else (a code newer than the app)
// Variables: {label}; {n} for the first index, from 1; {window} for a timeline window; {min} and
// {max} from the control's limits (charCounter) or the caller's; numbers formatted for the language.
import { h } from './dom.js';
import { t, has } from './i18n.js';
import { number } from './format.js';
import { errorCode, phases } from './vocabulary.js';

// 'milestones[0].weight' → {exact: 'milestones[].weight', pattern, vars: {n: 1}}.
export function fieldKey(field) {
  const name = String(field || '');
  const index = /\[(\d+)\]/.exec(name);
  const exact = name.replace(/\[\d+\]/g, '[]');
  const vars = index ? { n: Number(index[1]) + 1 } : {};
  let pattern = exact;
  const timeline = /^timeline\.([a-z]+)(\..+)?$/.exec(exact);
  if (timeline && phases.includes(timeline[1])) {
    pattern = `timeline.*${timeline[2] || ''}`;
    vars.window = t(`phase.${timeline[1]}`);
  }
  // The exercise page names a step's controls step-3.note: the step's number is {n}.
  const step = /^step-(\d+)\.(.+)$/.exec(exact);
  if (step) {
    pattern = `steps[].${step[2]}`;
    vars.n = Number(step[1]);
  }
  if (/^answers\./.test(exact)) pattern = 'answers.*';
  if (/^points\./.test(exact)) pattern = 'points.*';
  return { exact, pattern, vars };
}

// The message for an ApiError-like {code, field}: `label` names the field as the form shows it,
// `empty` says the person left it blank, `vars` adds what the message may name ({max}, {sum}).
export function refusalText(error, { prefix = 'refusal', label, empty = false, vars = {} } = {}) {
  const code = error?.code || 'other';
  const keys = [];
  let fieldVars = {};
  if (error?.field) {
    const key = fieldKey(error.field);
    fieldVars = key.vars;
    keys.push(`${prefix}.${code}.${key.exact}`);
    if (key.pattern !== key.exact) keys.push(`${prefix}.${code}.${key.pattern}`);
    if (code === errorCode.invalid_field && empty && label) keys.push(`${prefix}.required`);
    if (label) keys.push(`${prefix}.${code}.field`);
  }
  keys.push(`${prefix}.${code}`, `${prefix}.other`);
  const found = keys.find((k) => has(k)) || `${prefix}.other`;
  const all = { ...fieldVars, ...vars, label: label ?? '' };
  for (const [k, v] of Object.entries(all)) if (typeof v === 'number' && k !== 'n') all[k] = number(v);
  return t(found, all);
}

// The label a control shows (its <label>, or its group's legend), for {label}.
export function labelOf(control) {
  const label = control?.labels?.[0];
  if (label) return label.textContent.trim();
  if (control?.getAttribute?.('aria-label')) return control.getAttribute('aria-label');
  return control?.closest?.('fieldset')?.querySelector('legend')?.textContent.trim() || undefined;
}

// refusalText for the control the refusal names: its label, whether it is empty, its limits.
export function refusalFor(error, control, { prefix = 'refusal', vars = {} } = {}) {
  if (!control) return refusalText(error, { prefix, vars });
  const value = 'value' in control && typeof control.value === 'string' ? control.value.trim() : null;
  const limits = {};
  if (control.dataset?.min) limits.min = Number(control.dataset.min);
  if (control.dataset?.max) limits.max = Number(control.dataset.max);
  return refusalText(error, { prefix, label: labelOf(control), empty: value === '', vars: { ...limits, ...vars } });
}

// A live count of characters under a text control whose length the server limits: "12 de 200
// caracteres", and past the limit how many are over (the server counts characters, not UTF-16
// units, so neither does this). The control is not cut at the limit: a pasted text stays whole for
// the person to shorten. The count describes the control; `data-describedby` keeps that base for
// a form that adds and removes an error's id.
export function charCounter(control, max, { min } = {}) {
  if (!control.id) throw new Error('charCounter needs a control with an id');
  control.dataset.max = String(max);
  if (min) control.dataset.min = String(min);
  control.removeAttribute('maxlength');
  const count = h('p', { class: 'char-count hint', id: `${control.id}-count` });
  const base = [control.getAttribute('aria-describedby'), count.id].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', base);
  control.dataset.describedby = base;
  const update = () => {
    const n = [...control.value].length;
    count.textContent = n > max ? `${t('chars.count', { count: n, n: number(n), max: number(max) })} ${t('chars.over', { count: n - max, n: number(n - max) })}`
      : t('chars.count', { count: n, n: number(n), max: number(max) });
    count.classList.toggle('error', n > max);
  };
  control.addEventListener('input', update);
  update();
  return count;
}

// What a form puts back in aria-describedby once its error is gone: the base a counter recorded,
// else the hint beside the control, else nothing.
export function baseDescribedBy(control) {
  if (control.dataset.describedby) return control.dataset.describedby;
  const hint = document.getElementById(`${control.id}-hint`);
  return hint ? hint.id : null;
}
