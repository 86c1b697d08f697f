// What the resident pages share: the challenge with its municipality (for the time zone), every
// visible idea, the page's heading block and the message for an API refusal.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, allPages, challengePath, ApiError } from '../api.js';
import { navigate } from '../router.js';
import { setNotice } from '../notice.js';
import { refusalText, refusalFor } from '../refusal.js';
import { ask } from '../dialog.js';
import { getToken, getCode, cardLabel, keptFor, keptChallenges, forgetDevice } from '../tokens.js';
import { isHidden } from '../vocabulary.js';

// The challenge document (with the server's `now`) and the municipality it belongs to.
export async function loadChallenge(m, c) {
  const [challenge, municipality] = await Promise.all([
    api('GET', challengePath(m, c)),
    api('GET', `/municipalities/${encodeURIComponent(m)}`),
  ]);
  return { challenge, municipality, zone: municipality.timezone };
}

// Pages of 100 until next_after is null (the first is the one the shell asked for early), at most 50.
export async function loadIdeas(m, c) {
  const ideas = await allPages(challengePath(m, c, '/ideas'), 'ideas', { limit: 100, cap: 50 });
  return ideas.filter((i) => !isHidden(i));
}

export const isOpen = (challenge, phase) => (challenge.open_phases || []).includes(phase);

// A refusal in the resident's words, from its code (refusal.js): never the server's own text.
export function errorText(e) {
  return refusalText(e);
}

// "Ir5UW6VP…" → "Ir5U W6VP": a receipt short enough to read aloud or compare.
export const shortCode = (receipt) => String(receipt || '').slice(0, 8).replace(/(.{4})(?=.)/g, '$1 ');

// A form of one text field (a card's code, a receipt to look up) whose refusal shows beside the
// field, in the person's words: `run(value)` answers what to show under the form, or throws an
// ApiError (said by `refusal(e, control)`, refusal.js by default) or {said: words} (a check made
// on the device, said as it is); anything else is said in general words.
export function fieldForm({ id, label, hint, button, value = '', input = {}, run, refusal = refusalFor, className = '' }) {
  const control = h('input', { id, name: id, type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    value, ...input });
  const hintNode = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const out = h('div', { class: 'field-out', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, button);
  const describe = (...ids) => {
    const all = [hintNode?.id, ...ids].filter(Boolean).join(' ');
    if (all) control.setAttribute('aria-describedby', all);
    else control.removeAttribute('aria-describedby');
  };
  describe();
  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    describe(error.id);
    control.focus();
  };
  const form = h('form', { class: `field-form ${className}`.trim(), novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    control.removeAttribute('aria-invalid');
    describe();
    out.replaceChildren();
    submit.disabled = true;
    try {
      const shown = await run(control.value);
      if (shown) out.replaceChildren(...[shown].flat().filter(Boolean));
    } catch (e) {
      fail(e instanceof ApiError ? refusal(e, control) : e?.said ?? t('refusal.other'));
    } finally {
      submit.disabled = false;
    }
  } }, h('div', { class: 'field' }, h('label', { for: id }, label), hintNode, control, error), h('p', {}, submit), out);
  return { form, control, fail };
}

// "Ver más" under a list read a page at a time (survey texts, a history): `load(next)` answers
// {items: [nodes], next}; the items go at the end of `list` and the focus to the first one added;
// `shown(n)` words how many the list shows now ('' for nothing). The button goes once `next` is null.
export function moreButton(list, { next, load, label, shown = () => '', shownClass = 'more-shown' }) {
  const status = h('p', { class: `muted ${shownClass}`, role: 'status' });
  const failed = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'secondary more' }, label);
  const say = () => {
    status.textContent = shown(list.children.length);
    button.hidden = next === null || next === undefined;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    failed.textContent = '';
    try {
      const page = await load(next);
      list.append(...page.items);
      next = page.next ?? null;
      if (page.items[0]) {
        page.items[0].setAttribute('tabindex', '-1');
        page.items[0].focus();
      }
    } catch (e) {
      failed.textContent = e instanceof ApiError ? refusalText(e) : t('refusal.other');
    }
    button.disabled = false;
    say();
  });
  say();
  return [status, failed, h('p', { class: 'more-line' }, button)];
}

export function alertBox(message) {
  return h('div', { class: 'alert', role: 'alert' }, h('p', {}, message));
}

export function backLink(m, c, challenge) {
  return h('p', { class: 'back' }, h('a', { href: `/${m}/${c}` }, t('nav.back_to', { title: challenge.title })));
}

export function noticeOf(ctx) {
  return ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null;
}

// "Olvidar este dispositivo": what the device keeps for this challenge, in words, and the control
// that forgets it after a confirmation (this challenge, or every challenge with the box ticked).
// Null when the device keeps nothing at all.
export function forgetSection(m, c, challenge) {
  const kept = keptFor(m, c);
  const others = keptChallenges().filter((x) => x !== `${m}/${c}`);
  const here = Object.values(kept).some(Boolean);
  if (!here && !others.length) return null;
  const token = getToken(m, c);
  const items = [
    kept.token ? t('device.kept.token', { card: cardLabel(token, getCode(m, c)) }) : null,
    kept.receipt ? t('device.kept.receipt') : null,
    kept.survey ? t('device.kept.survey') : null,
    kept.blind ? t('device.kept.blind') : null,
  ].filter(Boolean);
  const button = h('button', { type: 'button', class: 'secondary danger forget-device', onclick: async () => {
    const all = h('input', { type: 'checkbox', id: 'forget-all', checked: !here });
    const text = [here ? t('device.confirm.text', { title: challenge.title }) : t('device.confirm.text_none'),
      t('device.confirm.counts'), kept.blind ? t('device.confirm.blind') : null];
    const answer = await ask({
      title: t('device.confirm.title'), text,
      extra: others.length ? h('p', { class: 'org-check forget-all' }, all, ' ',
        h('label', { for: 'forget-all' }, t('device.confirm.all', { count: others.length }))) : null,
      choices: [{ value: 'keep', label: t('device.confirm.cancel'), kind: 'secondary' },
        { value: 'forget', label: t('device.confirm.forget'), kind: 'danger' }],
    });
    if (answer !== 'forget') return;
    const everything = others.length > 0 && all.checked;
    forgetDevice(m, c, { all: everything });
    setNotice(t(everything ? 'device.forgotten_all' : 'device.forgotten'));
    navigate(`/${m}/${c}`, { replace: true });
  } }, t('device.forget'));
  return h('section', { class: 'device card', 'aria-labelledby': 'device-title' },
    h('h2', { id: 'device-title' }, t('device.title')),
    h('p', {}, here ? t('device.keeps') : t('device.keeps_none')),
    items.length ? h('ul', { class: 'device-kept' }, items.map((x) => h('li', {}, x))) : null,
    h('p', { class: 'muted' }, t('device.why')),
    h('p', {}, button));
}
