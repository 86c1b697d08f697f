// A question asked before an action that cannot be taken back (send an incomplete ballot, forget
// this device, replace a card, revoke tokens): a native modal <dialog>, so the focus stays inside
// it and Escape cancels. The first choice is the safe one and gets the focus; the dialog answers
// the chosen value (null for Escape), and gives the focus back to where it was.
import { h } from './dom.js';

let serial = 0;

// ask({title, text, choices: [{value, label, kind?: 'secondary'|'danger'}], extra?}) → Promise<value|null>.
// `extra` is more content (a checkbox, say) placed between the text and the buttons; the caller
// reads it after the answer.
export function ask({ title, text, choices, extra = null, parent = document.body }) {
  const id = `dialog-${++serial}`;
  const before = document.activeElement;
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
      h('h2', { id: `${id}-title` }, title),
      [text].flat().filter(Boolean).map((p, i) => h('p', { id: i === 0 ? `${id}-text` : null }, p)),
      extra,
      h('p', { class: 'actions' }, choices.map((c) => h('button', { type: 'button', class: c.kind || null, 'data-value': c.value,
        onclick: () => dialog.close(c.value) }, c.label))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (before?.isConnected) before.focus();
      resolve(dialog.returnValue && dialog.returnValue !== '' ? dialog.returnValue : null);
    });
    dialog.addEventListener('cancel', () => { dialog.returnValue = ''; });
    parent.append(dialog);
    dialog.showModal();
    dialog.querySelector('.actions button')?.focus();
  });
}
