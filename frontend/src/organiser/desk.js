// The desk: tokens by reference (asking again gives the same token; reissue replaces a lost
// one), card batches and their printed sheets, revocation, and blind signatures.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { dateTime, number } from '../format.js';
import { field, showError, clearErrors, status } from './form.js';
import { challenge as loadChallenge, path } from './data.js';
import { printView } from './cards.js';

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);
const link = (who, c, token) => `${location.origin}/#/${who.municipality}/${c}?token=${token}`;

// A form that posts and shows its answer in its own live region.
function action(title, controls, submitLabel, run) {
  const out = h('div', { class: 'org-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    try {
      out.append(...[await run(form)].flat());
    } catch (e) {
      showError(form, e);
    }
  } }, h('h2', {}, title), controls, h('button', { type: 'submit' }, submitLabel), out);
  return form;
}

function byReference(who, c) {
  const refs = h('input', { name: 'ref', required: true, autocomplete: 'off' });
  const reissue = h('input', { type: 'checkbox', name: 'reissue', id: 'reissue' });
  return action(t('org.desk.by_ref'), [
    field(t('org.desk.ref'), refs, { name: 'participants', hint: t('org.desk.ref_hint') }),
    h('div', { class: 'org-check' }, reissue, h('label', { for: 'reissue' }, t('org.desk.reissue')),
      h('p', { class: 'hint' }, t('org.desk.reissue_hint'))),
  ], t('org.desk.issue'), async () => {
    const body = { participants: [{ ref: refs.value.trim() }] };
    if (reissue.checked) body.reissue = true;
    const got = await api('POST', path(who, c, '/tokens'), { key: who.key, body });
    const [x] = got.tokens;
    return [status(t('org.desk.issued', { ref: x.ref })),
      h('p', {}, h('a', { href: link(who, c, x.token), class: 'org-token-link' }, t('org.desk.link'))),
      h('p', {}, h('code', { class: 'secret' }, x.token))];
  });
}

function batchForm(who, c, refresh) {
  const count = h('input', { type: 'number', name: 'count', min: 1, max: 10000, value: 10, required: true });
  const label = h('input', { name: 'label', maxlength: 200 });
  return action(t('org.desk.new_batch'), [field(t('org.desk.count'), count, { name: 'count' }), field(t('org.desk.label'), label, { name: 'label', hint: t('org.desk.label_hint') })],
    t('org.desk.make_batch'), async () => {
      const got = await api('POST', path(who, c, '/tokens'), { key: who.key, body: { count: Number(count.value), label: label.value || undefined } });
      await refresh();
      return status(t('org.desk.batch_done', { count: got.batch.count, label: got.batch.label || got.batch.id }));
    });
}

function batchRow(who, c, zone, b, printArea) {
  const label = b.label || `#${b.id}`;
  return h('tr', {}, h('td', {}, label), h('td', {}, dateTime(b.created_at, zone)),
    [b.issued, b.used, b.revoked].map((n) => h('td', {}, number(n))),
    h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
      printArea.replaceChildren(await printView(who, path(who, c, `/tokens/batches/${b.id}/cards`), label));
      printArea.querySelector('button')?.focus();
    } }, t('org.desk.print', { label }))));
}

function batchList(who, c, zone, printArea) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'batches-title' });
  const refresh = async () => {
    const { batches } = await api('GET', path(who, c, '/tokens/batches'), { key: who.key });
    box.replaceChildren(h('h2', { id: 'batches-title' }, t('org.desk.batches')),
      batches.length ? h('div', { class: 'org-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'batches-title' },
        h('table', { class: 'batches' },
          h('thead', {}, h('tr', {}, ['label', 'created', 'issued', 'used', 'revoked', 'print'].map((k) => h('th', { scope: 'col' }, t(`org.desk.col.${k}`))))),
          h('tbody', {}, batches.map((b) => batchRow(who, c, zone, b, printArea))))) : h('p', {}, t('org.desk.no_batches')));
  };
  return { box, refresh };
}

function revokeForm(who, c) {
  const what = h('select', { name: 'what' }, ['refs', 'tokens'].map((x) => h('option', { value: x }, t(`org.desk.revoke_by.${x}`))));
  const list = h('textarea', { name: 'list', rows: 3, required: true });
  return action(t('org.desk.revoke_title'), [field(t('org.desk.revoke_what'), what),
    field(t('org.desk.revoke_list'), list, { name: 'refs', hint: t('org.desk.revoke_hint') })],
    t('org.desk.revoke'), async () => {
      const got = await api('POST', path(who, c, '/tokens/revoke'), { key: who.key, body: { [what.value]: lines(list.value) } });
      return status(t('org.desk.revoked', { count: got.revoked, other: got.unknown_or_already_revoked }));
    });
}

function blindForm(who, c) {
  const ref = h('input', { name: 'ref', required: true });
  const request = h('input', { name: 'request', autocomplete: 'off' });
  return action(t('org.desk.blind'), [
    h('p', {}, t('org.desk.blind_lead')),
    field(t('org.desk.ref'), ref, { name: 'ref', hint: t('org.desk.ref_hint') }),
    field(t('org.desk.code'), request, { name: 'request', hint: t('org.desk.code_hint') }),
  ], t('org.desk.sign'), async (form) => {
    const value = request.value.trim();
    // A relay code is short (ABCD-2345); anything long is the blinded message itself.
    const body = value.length > 20 ? { ref: ref.value, blinded_msg: value } : { ref: ref.value, request: value };
    if (body.blinded_msg) form.querySelector('[name=request]').dataset.field = 'blinded_msg';
    const got = await api('POST', path(who, c, '/tokens/blind'), { key: who.key, body });
    return [status(t('org.desk.blind_done', { code: value.length > 20 ? '' : value })), body.blinded_msg ? h('p', {}, h('code', { class: 'secret' }, got.blind_sig)) : null];
  });
}

export async function render(view, { who, c, bar, nav }) {
  const { zone, challenge: doc } = await loadChallenge(who, c);
  const printArea = h('div', { class: 'org-print-area', id: 'print-view' });
  const blind = doc.anonymity === 'blind';
  const parts = [];
  if (!blind) parts.push(byReference(who, c));
  else parts.push(h('p', { class: 'notice' }, t('org.desk.blind_no_refs')), blindForm(who, c));
  if (who.role === 'organiser') {
    const list = batchList(who, c, zone, printArea);
    await list.refresh();
    parts.push(batchForm(who, c, list.refresh), list.box);
  }
  parts.push(revokeForm(who, c));
  show(view, bar, nav, h('h1', {}, t('org.desk.title', { title: doc.title })), parts, printArea);
}
