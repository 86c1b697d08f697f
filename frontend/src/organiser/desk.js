// The desk: tokens by reference (asking again gives the same token; reissue replaces a lost
// one), card batches and their printed sheets, revocation, and blind signatures. A token issued to
// one person is shown as that person's card (QR code, municipality, challenge, instructions) to
// print or show, never as a link: opening it here would keep the resident's token in the desk's
// own browser. Nothing of it is stored on this device.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, isNetworkFailure } from '../api.js';
import { dateTime, number } from '../format.js';
import { ask } from '../dialog.js';
import { isBlind, relayState, role } from '../vocabulary.js';
import { field, showError, clearErrors, status } from './form.js';
import { challenge as loadChallenge, path } from './data.js';
import { printView, printOnly } from './cards.js';

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);
// A card's link carries its short code, never its token (a short link makes a QR code cheap
// cameras read); the page turns the code into the token on the resident's phone.
const cardLink = (who, c, code) => `${location.origin}/#/${who.municipality}/${c}?code=${code}`;
// The address to type by hand, as the printed sheet says it: the challenge's own page.
const cardAddress = (who, c) => `${location.origin}/${who.municipality}/${c}`;

// A form that posts and shows its answer in its own live region.
function action(title, controls, submitLabel, run, { submitClass = null } = {}) {
  const out = h('div', { class: 'org-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    try {
      out.append(...[await run(form, out)].flat().filter(Boolean));
    } catch (e) {
      showError(form, e);
    }
  } }, h('h2', {}, title), controls, h('button', { type: 'submit', class: submitClass }, submitLabel), out);
  return form;
}

// One person's card, as the server's sheet of a batch lays it out (engine/publication/cards.cpp):
// the QR code of the card's `?code=` link, the municipality, the challenge, when voting closes, what
// to do (scan, or open the address and type the code), and the code itself, large, along the
// bottom. Its print button prints it alone. Neither the token nor the code is kept on this device.
async function personCard(page, x) {
  const { who, c, doc, zone, mun } = page;
  const { qrSvg } = await import('../qr.js');
  const card = h('article', { class: 'card person-card', 'aria-labelledby': 'person-card-title' },
    qrSvg(cardLink(who, c, x.code), t('org.desk.card_qr')),
    h('div', { class: 'text' },
      h('p', { class: 'municipality' }, mun.name),
      h('h3', { class: 'title', id: 'person-card-title' }, doc.title),
      h('p', { class: 'closes' }, t('org.desk.card_closes', { at: dateTime(doc.timeline.voting.closes, zone) })),
      h('ol', { class: 'instructions' },
        h('li', {}, t('org.desk.card_step_scan_before'), ' ', h('span', { class: 'address' }, cardAddress(who, c)), ' ',
          t('org.desk.card_step_scan_after')),
        h('li', {}, t('org.desk.card_step_private')),
        h('li', {}, t('org.desk.card_step_again')))),
    h('p', { class: 'code' }, h('span', {}, t('org.desk.card_code'), ' '), x.code));
  const sheet = h('div', { class: 'org-sheet person-sheet' }, card);
  return h('div', { class: 'org-person' },
    status(t('org.desk.issued', { ref: x.ref })),
    h('p', {}, t('org.desk.card_lead')),
    sheet,
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => printOnly(sheet) }, t('org.desk.print_card'))));
}

function byReference(page) {
  const { who, c } = page;
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
    return personCard(page, got.tokens[0]);
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

// Revoking cannot be undone: the button is a danger one, and a dialog says how many will be revoked.
function revokeForm(who, c) {
  const what = h('select', { name: 'what' }, ['refs', 'tokens'].map((x) => h('option', { value: x }, t(`org.desk.revoke_by.${x}`))));
  const list = h('textarea', { name: 'list', rows: 3, required: true });
  return action(t('org.desk.revoke_title'), [field(t('org.desk.revoke_what'), what),
    field(t('org.desk.revoke_list'), list, { name: 'refs', hint: t('org.desk.revoke_hint') })],
  t('org.desk.revoke'), async (form) => {
    const items = lines(list.value);
    list.dataset.field = what.value; // the server names `refs[i]` or `tokens[i]`
    if (!items.length) return showError(form, { field: what.value, plain: true, message: t('org.desk.revoke_empty') });
    const answer = await ask({
      title: t(`org.desk.revoke_confirm.${what.value}`, { count: items.length, n: number(items.length) }),
      text: t('org.desk.revoke_confirm.text'),
      choices: [{ value: 'cancel', label: t('org.desk.revoke_confirm.cancel'), kind: 'secondary' },
        { value: 'revoke', label: t(`org.desk.revoke_confirm.do.${what.value}`, { count: items.length, n: number(items.length) }), kind: 'danger' }],
    });
    if (answer !== 'revoke') return status(t('org.desk.revoke_cancelled'));
    const got = await api('POST', path(who, c, '/tokens/revoke'), { key: who.key, body: { [what.value]: items } });
    return status(t('org.desk.revoked', { count: got.revoked, other: got.unknown_or_already_revoked }));
  }, { submitClass: 'secondary danger' });
}

// After signing a page's request by its code the desk follows it until it is settled, so the
// clerk knows whether the person's phone got its key: signed and waiting for the phone, delivered
// (the page fetched the signature), collected (the page made its token); or, a day later, expired
// never delivered: then the person may open a new request and be signed for again. It asks every
// few seconds for as long as the page shows it, at most `followMs`; then a button asks again.
const followEveryMs = 2000;
const followMs = 10 * 60 * 1000;
// Besides the server's states, the desk says `gone` (the request was deleted, an hour after it
// expired) and `unknown` (it could not ask).
const gone = 'gone';
const settled = [relayState.collected, relayState.expired, relayState.void, gone];
const alarming = [relayState.expired, relayState.void, gone];

function relayFollower(who, c, code, first) {
  const line = h('p', { class: 'org-relay', role: 'status' });
  const again = h('button', { type: 'button', class: 'secondary', hidden: true }, t('org.desk.relay.check'));
  const box = h('div', { class: 'org-relay-box' }, line, again);
  const say = (state) => {
    line.dataset.state = state;
    line.textContent = t(`org.desk.relay.${state}`, { code });
    line.classList.toggle('alert', alarming.includes(state));
  };
  const stateOf = (x) => (x.state === relayState.expired && x.delivered ? relayState.delivered : x.state || relayState.signed);
  let timer = null;
  const follow = () => {
    const began = performance.now();
    again.hidden = true;
    const ask = async () => {
      if (!box.isConnected) return; // the desk moved on: no more requests
      let state;
      try {
        state = stateOf(await api('GET', path(who, c, `/tokens/blind/requests/${encodeURIComponent(code)}`), { key: who.key }));
      } catch (e) {
        // Deleted an hour after it expired: nothing more to follow.
        if (e.status === 404) state = gone;
        else if (!isNetworkFailure(e)) return say('unknown');
      }
      if (state) say(state);
      if (settled.includes(line.dataset.state)) return undefined;
      if (performance.now() - began > followMs) {
        again.hidden = false;
        return undefined;
      }
      timer = setTimeout(ask, followEveryMs);
      return undefined;
    };
    clearTimeout(timer);
    timer = setTimeout(ask, followEveryMs);
  };
  again.addEventListener('click', follow);
  say(stateOf(first));
  if (!settled.includes(line.dataset.state)) follow();
  return box;
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
    form.querySelector('[name=request]').dataset.field = body.blinded_msg ? 'blinded_msg' : 'request';
    const got = await api('POST', path(who, c, '/tokens/blind'), { key: who.key, body });
    if (body.blinded_msg) return [status(t('org.desk.blind_signed_msg')), h('p', {}, h('code', { class: 'secret' }, got.blind_sig))];
    return relayFollower(who, c, got.code || value.toUpperCase(), got);
  });
}

export async function render(view, { who, c, bar, nav }) {
  const { zone, challenge: doc, municipality: mun } = await loadChallenge(who, c);
  const page = { who, c, zone, doc, mun };
  const printArea = h('div', { class: 'org-print-area', id: 'print-view' });
  const blind = isBlind(doc);
  const parts = [];
  if (!blind) parts.push(byReference(page));
  else parts.push(h('p', { class: 'notice' }, t('org.desk.blind_no_refs')), blindForm(who, c));
  if (who.role === role.organiser) {
    const list = batchList(who, c, zone, printArea);
    await list.refresh();
    parts.push(batchForm(who, c, list.refresh), list.box);
  }
  parts.push(revokeForm(who, c));
  show(view, bar, nav, h('h1', {}, t('org.desk.title', { title: doc.title })), parts, printArea);
}
