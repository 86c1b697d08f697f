// Upload an idea while submission is open. The server validates; its refusal names the field, so
// the message (in the resident's words, refusal.js) goes beside that field (aria-invalid +
// aria-describedby), anything else on top. Title and description count their characters against
// the server's limits as they are typed.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { navigate } from '../router.js';
import { setNotice } from '../notice.js';
import { getToken } from '../tokens.js';
import { ballotKind, errorCode, phase } from '../vocabulary.js';
import { loadChallenge, isOpen, backLink, errorText, alertBox } from './common.js';
import { charCounter, refusalFor, baseDescribedBy } from '../refusal.js';

// README "Limits": an idea's title 3 to 200 characters, its description up to 5,000.
const titleLimit = { min: 3, max: 200 };
const descriptionLimit = 5000;

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const { challenge } = await loadChallenge(m, c);
  if (!ctx.current()) return;
  const token = getToken(m, c);
  const why = !isOpen(challenge, phase.submission) ? t('propose.closed') : !token ? t('takepart.card') : null;
  if (why) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('propose.title')), h('p', {}, why));
    return;
  }
  show(view, backLink(m, c, challenge), h('h1', {}, t('propose.title')), form(m, c, challenge, token));
}

function field(name, label, control, { hint, max, min } = {}) {
  control.id = `idea-${name}`;
  control.name = name;
  const error = h('p', { class: 'field-error', id: `idea-${name}-error`, hidden: true });
  const hintNode = hint ? h('span', { class: 'hint', id: `idea-${name}-hint` }, hint) : null;
  if (hint) control.setAttribute('aria-describedby', hintNode.id);
  const count = max ? charCounter(control, max, { min }) : null;
  return h('div', { class: 'field', 'data-field': name }, h('label', { for: control.id }, label), hintNode, control, count, error);
}

function form(m, c, challenge, token) {
  const budget = challenge.ballot.kind === ballotKind.budget;
  const top = h('div', { class: 'form-alert' });
  const fields = [
    field('title', t('propose.field.title'), h('input', { type: 'text', required: true, autocomplete: 'off' }), titleLimit),
    field('description', t('propose.field.description'), h('textarea', { rows: 5, required: true }), { max: descriptionLimit }),
    challenge.categories?.length ? field('category', t('propose.field.category'),
      h('select', {}, h('option', { value: '' }, t('propose.no_category')), challenge.categories.map((x) => h('option', { value: x }, x)))) : null,
    budget ? field('cost', t('propose.field.cost'), h('input', { type: 'number', inputmode: 'numeric', min: 1, max: challenge.budget, step: 1, required: true }),
      { hint: t('propose.cost_hint', { budget: challenge.budget }) }) : null,
  ].filter(Boolean);
  const submit = h('button', { type: 'submit' }, t('propose.submit'));
  // novalidate: the server's messages, beside the field, are the one source of validation.
  const node = h('form', { novalidate: true, class: 'propose' }, top, fields, h('p', {}, submit));
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(node, top);
    const body = bodyOf(node, token);
    const local = localError(body, challenge);
    if (local) return showError(node, top, local, challenge);
    submit.disabled = true;
    try {
      const idea = await api('POST', challengePath(m, c, '/ideas'), { body });
      setNotice(t('propose.done'));
      navigate(`/${m}/${c}/ideas/${idea.id}`);
    } catch (e) {
      submit.disabled = false;
      showError(node, top, e, challenge);
    }
  });
  return node;
}

// The rules the server checks that a resident trips over most, checked first: the same refusal
// the server would send, in the same words (the server stays the judge).
function localError(body, challenge) {
  const error = (field) => ({ status: 400, code: errorCode.invalid_field, field });
  if ([...body.title].length < titleLimit.min) return error('title');
  if (!body.description) return error('description');
  if ('cost' in body && !(Number.isInteger(body.cost) && body.cost >= 1 && body.cost <= challenge.budget)) return error('cost');
  return null;
}

function bodyOf(node, token) {
  const value = (name) => node.elements[name]?.value.trim();
  const body = { token, title: value('title'), description: value('description') };
  if (value('category')) body.category = value('category');
  if (node.elements.cost) body.cost = value('cost') === '' ? null : Number(value('cost'));
  return body;
}

function clearErrors(node, top) {
  top.replaceChildren();
  for (const error of node.querySelectorAll('.field-error')) error.hidden = true;
  for (const control of node.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const base = baseDescribedBy(control);
    if (base) control.setAttribute('aria-describedby', base);
    else control.removeAttribute('aria-describedby');
  }
}

function showError(node, top, e, challenge) {
  const control = e.status === 400 && e.field ? node.elements[e.field] : null;
  if (!control) {
    top.replaceChildren(alertBox(errorText(e)));
    top.querySelector('[role=alert]').setAttribute('tabindex', '-1');
    top.firstChild.focus();
    return;
  }
  const error = document.getElementById(`${control.id}-error`);
  error.textContent = refusalFor(e, control, { vars: { budget: challenge.budget ?? '' } });
  error.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [baseDescribedBy(control), error.id].filter(Boolean).join(' '));
  control.focus();
}
