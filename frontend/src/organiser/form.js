// Form fields with a label, a hint and a place for the server's refusal: the error's `field`
// names the input (its data-field), which gets aria-invalid and aria-describedby.
import { h } from '../dom.js';
import { t } from '../i18n.js';

let serial = 0;

export function field(label, control, { hint, name } = {}) {
  const id = control.id || `f${++serial}`;
  control.id = id;
  if (name) control.dataset.field = name;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintNode, control);
}

export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) e.remove();
  for (const c of form.querySelectorAll('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    const hint = document.getElementById(`${c.id}-hint`);
    if (hint) c.setAttribute('aria-describedby', hint.id);
    else c.removeAttribute('aria-describedby');
  }
}

// Shows an ApiError beside its field when the form has it, else in the form's alert area.
export function showError(form, error) {
  clearErrors(form);
  const message = errorText(error);
  const control = error.field && (form.querySelector(`[data-field="${CSS.escape(error.field)}"]`) ||
    form.querySelector(`[data-field="${CSS.escape(error.field.replace(/\[\d+\].*$/, ''))}"]`));
  if (control) {
    const note = h('p', { class: 'field-error', id: `${control.id}-error` }, message);
    control.after(note);
    control.setAttribute('aria-invalid', 'true');
    const hint = document.getElementById(`${control.id}-hint`);
    control.setAttribute('aria-describedby', [hint?.id, note.id].filter(Boolean).join(' '));
    control.focus();
    return;
  }
  alertIn(form, message);
}

// The code's words in the app's language, then the server's own precise message.
export function errorText(error) {
  if (error.plain) return error.message;
  const key = `org.error.${error.code}`;
  const words = t(key) === key ? t('org.error.other') : t(key);
  return `${words} ${error.message}`;
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
