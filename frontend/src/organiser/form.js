// Form fields with a label, a hint and a place for the server's refusal: the error's `field`
// names the input (its data-field), which gets aria-invalid and aria-describedby. The refusal is
// said in the organiser's words from its code and field (refusal.js, `org.refusal.*`), naming the
// field by its label; the server's English stays out of the page.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { refusalText, refusalFor, baseDescribedBy, charCounter } from '../refusal.js';

let serial = 0;

// `max` (and `min`): the server's limit on the text's characters, counted live under the control.
export function field(label, control, { hint, name, max, min } = {}) {
  const id = control.id || `f${++serial}`;
  control.id = id;
  if (name) control.dataset.field = name;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  const count = max ? charCounter(control, max, { min }) : null;
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintNode, control, count);
}

export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) e.remove();
  for (const c of form.querySelectorAll('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    const base = baseDescribedBy(c);
    if (base) c.setAttribute('aria-describedby', base);
    else c.removeAttribute('aria-describedby');
  }
}

// The control a refusal's field names: its data-field exactly, else the nearest one it belongs to
// (`categories[2]` → categories; `timeline.voting` → the voting window's first end).
export function controlFor(form, name) {
  if (!name) return null;
  const exact = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (exact) return exact;
  const whole = name.replace(/\[\d+\].*$/, '');
  return (whole !== name && form.querySelector(`[data-field="${CSS.escape(whole)}"]`))
    || form.querySelector(`[data-field^="${CSS.escape(`${name}.`)}"]`) || null;
}

// Shows an ApiError beside its field when the form has it, else in the form's alert area.
// `vars` adds what a message may name ({sum} of the weights, say).
export function showError(form, error, vars = {}) {
  clearErrors(form);
  const control = controlFor(form, error.field);
  const message = error.plain ? error.message : control ? refusalFor(error, control, { prefix: 'org.refusal', vars })
    : errorText(error, vars);
  if (control) {
    const note = h('p', { class: 'field-error', id: `${control.id}-error` }, message);
    control.after(note);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [baseDescribedBy(control), note.id].filter(Boolean).join(' '));
    control.focus();
    return;
  }
  alertIn(form, message);
}

// A refusal in the organiser's words, from its code and field, without a control to name it by.
export function errorText(error, vars = {}) {
  if (error.plain) return error.message;
  return refusalText(error, { prefix: 'org.refusal', vars });
}

export function alertIn(container, message) {
  let box = container.querySelector(':scope > .form-alert');
  if (!box) {
    box = h('p', { class: 'alert form-alert', role: 'alert' });
    container.prepend(box);
  }
  box.textContent = message;
}

export function status(message) {
  return h('p', { class: 'notice', role: 'status' }, message);
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

// A document chosen in `file` is hashed in the browser (WebCrypto), never uploaded: its SHA-256
// goes into `sha`, and `hashed` (a status line) says what happened.
export function hashOnChoice(file, sha, hashed) {
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (!globalThis.crypto?.subtle) {
      hashed.textContent = t('org.verify.no_crypto');
      return;
    }
    hashed.textContent = t('org.verify.hashing', { name: chosen.name });
    sha.value = hex(await crypto.subtle.digest('SHA-256', await chosen.arrayBuffer()));
    hashed.textContent = t('org.verify.hashed', { name: chosen.name });
  });
}
