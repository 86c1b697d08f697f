// The officer's page at an in-person table (/organiser/{c}/table, an officer's key only), made for
// a phone held in one hand: big targets, keyboard and touch, Spanish first.
// - Check-in: the person's identity reference, answered in words ("Puede votar aquí" / "Ya votó")
//   with the table's count. It needs the server: offline the page says so and sends the officer to
//   the paper roll, entered later.
// - Ballot entry, once the table closed: the ballot's own layout (ballots/), or blank, or null with
//   its reason; positions advance by themselves, with a running count against the ballots found in
//   the box. Each entry goes to the outbox (outbox.js, IndexedDB) first and is sent from there:
//   without a connection it waits, the page always says how many are unsent, and a retry is never a
//   second ballot (the server takes an officer's entry by position).
// - Mismatches: the positions where the two officers' marks differ, both marks in words, and a
//   button to enter that position again.
// - The act: the ballots found in the box and the SHA-256 of the paper act's photo (hashed here,
//   never uploaded), its totals, then the officer's Ed25519 signature (officer-key.js), through the
//   outbox as well; whether it is closed and who must still sign.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api, allPages, challengePath, isNetworkFailure, ApiError } from '../api.js';
import { dateTime, number } from '../format.js';
import { ballotKind, entryStatus, errorCode, isHidden, nullReasons } from '../vocabulary.js';
import { createOutbox, deviceStorage, retryWhenOnline } from '../outbox.js';
import { officerSigningKey, signAct, canSign } from '../officer-key.js';
import { field, showError, clearErrors, alertIn, errorText, hashOnChoice } from './form.js';
import { markText, enteredPositions, nextPosition, blockers, votesKey } from './paper.js';
import { total, differenceText } from '../reconciliation.js';
import * as approval from '../ballots/approval.js';
import * as points from '../ballots/points.js';
import * as ranking from '../ballots/ranking.js';
import * as budget from '../ballots/budget.js';

const controls = { [ballotKind.approval]: approval, [ballotKind.single]: approval, [ballotKind.points]: points,
  [ballotKind.ranking]: ranking, [ballotKind.budget]: budget };

// How often the page asks for the table's entries (the other officer's change the statuses) while
// it is shown and online.
const refreshEveryMs = 15_000;

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const online = () => globalThis.navigator?.onLine !== false;
const positionsText = (positions) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(positions.map((p) => number(p)));

// ---- the page's state and its reads ----

function tablePath(page, rest = '') {
  return challengePath(page.who.municipality, page.c, `/tables/${encodeURIComponent(page.tableId)}${rest}`);
}

async function readBallots(page) {
  try {
    page.ballots = await api('GET', tablePath(page, '/ballots'), { key: page.who.key });
    page.readFailed = false;
  } catch (e) {
    if (!isNetworkFailure(e)) throw e;
    page.readFailed = true;
  }
}

async function readAct(page) {
  try {
    page.act = await api('GET', tablePath(page, '/act'), { key: page.who.key });
  } catch (e) {
    if (e.status === 404) page.act = null;
    else if (!isNetworkFailure(e)) throw e;
  }
}

async function readTable(page) {
  try {
    page.table = await api('GET', tablePath(page));
  } catch (e) {
    if (!isNetworkFailure(e)) throw e;
  }
}

// The officer this key is, among the table's: the one whose published signing key is ours.
const me = (page) => page.table.officers?.find((o) => o.signing_key === page.signing?.publicKey) || null;
const officerName = (page, id) => page.table.officers?.find((o) => o.id === id)?.label || t('org.table.officer_n', { id });

// The box's count is kept on the device beside the page (a reload keeps it); it is the officers'
// own count, sent with the act.
const boxKey = (page) => `cabildo.table.${page.who.municipality}/${page.c}/${page.tableId}.box`;
function keptBox(page) {
  try {
    const n = Number(localStorage.getItem(boxKey(page)));
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
function keepBox(page, n) {
  try {
    if (n) localStorage.setItem(boxKey(page), String(n));
    else localStorage.removeItem(boxKey(page));
  } catch {
    // not kept: the field keeps it until the page is closed
  }
}

// ---- the connection and the outbox, always in view ----

function statusBar(page) {
  const line = h('p', { class: 'table-status-line' });
  const retry = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => page.outbox.retry() }, t('org.table.send_now'));
  const volatile = page.storage.kind === 'memory' ? h('p', { class: 'alert' }, t('org.table.not_kept')) : null;
  const box = h('div', { class: 'table-status', role: 'status', 'data-unsent': '0', 'data-online': String(online()) }, line, retry, volatile);
  page.drawStatus = () => {
    const { unsent, waiting } = page.outbox.state();
    const offline = !online() || waiting;
    box.dataset.unsent = String(unsent);
    box.dataset.online = String(!offline);
    box.classList.toggle('is-offline', offline);
    box.classList.toggle('is-unsent', unsent > 0);
    const vars = { count: unsent, n: number(unsent) };
    const words = unsent === 0 ? (offline ? t('org.table.status.offline_empty') : t('org.table.status.sent'))
      : offline ? t('org.table.status.offline', vars) : t('org.table.status.sending', vars);
    // Written only when it changes: a screen reader says the status again on every write.
    if (line.textContent !== words) line.textContent = words;
    retry.hidden = unsent === 0;
  };
  return box;
}

// ---- check-in ----

function checkInSection(page) {
  const { who } = page;
  const ref = h('input', { name: 'ref', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true,
    class: 'table-big' });
  // The paper roll kept while the network was down, entered afterwards (even after the table
  // closed): never refused, a person who had voted already is counted as a duplicate.
  const closed = page.now() >= Date.parse(page.table.closes);
  const roll = h('input', { type: 'checkbox', id: 'from-roll', name: 'from_roll', checked: closed });
  const closedNote = closed ? h('p', { class: 'notice' }, t('org.table.checkin.closed')) : null;
  const verdict = h('div', { class: 'table-verdict-box', 'aria-live': 'polite' });
  const count = h('p', { class: 'table-count' });
  const offlineNote = h('p', { class: 'alert table-offline', hidden: online() }, t('org.table.checkin.offline'));
  const submit = h('button', { type: 'submit', class: 'table-big' }, t('org.table.checkin.submit'));
  page.drawCount = () => {
    count.textContent = t('org.table.checkin.count', { count: page.table.checked_in || 0, n: number(page.table.checked_in || 0) });
  };
  page.drawCount();
  const say = (kind, words, extra) => verdict.replaceChildren(h('p', { class: `table-verdict is-${kind}`, 'data-verdict': kind },
    h('strong', {}, words)), extra ? h('p', {}, extra) : null);
  const form = h('form', { class: 'card table-checkin', 'aria-labelledby': 'checkin-title', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    verdict.replaceChildren();
    const value = ref.value.trim();
    if (!value) return showError(form, { field: 'ref', plain: true, message: t('org.table.checkin.empty') });
    submit.disabled = true;
    const body = { ref: value };
    if (roll.checked) body.from_roll = true;
    try {
      const got = await api('POST', tablePath(page, '/check-ins'), { key: who.key, body });
      page.table.checked_in = got.checked_in;
      page.drawCount();
      if (got.duplicate) say('no', t('org.table.checkin.duplicate'), t('org.table.checkin.duplicate_next'));
      else if (body.from_roll) say('yes', t('org.table.checkin.from_roll'), t('org.table.checkin.from_roll_next'));
      else say('yes', t('org.table.checkin.may_vote'), t('org.table.checkin.may_vote_next'));
      ref.value = '';
    } catch (e) {
      if (isNetworkFailure(e)) {
        offlineNote.hidden = false;
        say('offline', t('org.table.checkin.no_answer'), t('org.table.checkin.offline'));
      } else if (e.code === errorCode.already_voted) {
        say('no', t('org.table.checkin.already_voted'), t('org.table.checkin.already_voted_next'));
        ref.value = '';
      } else {
        showError(form, e, { opens: dateTime(page.table.opens, page.zone), closes: dateTime(page.table.closes, page.zone) });
      }
    } finally {
      submit.disabled = false;
      ref.focus();
    }
    return undefined;
  } },
  h('h2', { id: 'checkin-title' }, t('org.table.checkin.title')),
  closedNote,
  offlineNote,
  field(t('org.table.checkin.ref'), ref, { name: 'ref', hint: t('org.table.checkin.ref_hint') }),
  h('div', { class: 'org-check' }, roll, h('label', { for: 'from-roll' }, t('org.table.checkin.roll')),
    h('p', { class: 'hint' }, t('org.table.checkin.roll_hint'))),
  h('p', {}, submit), verdict, count);
  roll.dataset.field = 'from_roll';
  page.onConnection.push(() => { offlineNote.hidden = online(); });
  return form;
}

// ---- ballot entry ----

function entrySection(page) {
  const { challenge, ideas } = page;
  const kind = challenge.ballot.kind;
  const box = h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 100000, step: 1, name: 'ballots_in_box', class: 'table-big',
    value: page.box ? String(page.box) : '' });
  const counter = h('p', { class: 'table-counter', 'aria-live': 'polite' });
  const heading = h('h3', { class: 'table-position', id: 'position-title', tabindex: '-1' });
  const reentry = h('p', { class: 'notice table-reentry', hidden: true });
  const cancelReentry = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => { page.reentering = null; fresh(); } },
    t('org.table.entry.cancel_reentry'));
  const holder = h('div', { class: 'table-ballot' });
  const saved = h('p', { class: 'table-saved', role: 'status' });
  const problem = h('div', { class: 'form-alert-slot' });
  const refused = h('ul', { class: 'table-refused' });
  const reason = h('select', { name: 'null', class: 'table-big' }, nullReasons.map((r) => h('option', { value: r }, t(`org.table.null.${r}`))));
  const save = h('button', { type: 'submit', class: 'table-big table-save' });
  const blank = h('button', { type: 'button', class: 'secondary table-big', onclick: () => record({ blank: true }) }, t('org.table.entry.blank'));
  const nulled = h('button', { type: 'button', class: 'secondary danger table-big', onclick: () => record({ null: reason.value }) },
    t('org.table.entry.null'));
  const gate = h('p', { class: 'notice table-gate', hidden: true });
  let ballot = null;

  const position = () => page.reentering ?? nextPosition(page.entered());
  const drawCounter = () => {
    const n = page.entered().size;
    const vars = { count: n, n: number(n), box: number(page.box || 0) };
    counter.textContent = page.box ? t('org.table.entry.counter_box', vars) : t('org.table.entry.counter', vars);
    counter.classList.toggle('is-over', Boolean(page.box) && n > page.box);
  };
  // The position being entered, drawn again whenever what this officer entered is known better
  // (the outbox loaded, the server read), without touching the marks on the control.
  const drawPosition = () => {
    const p = position();
    heading.textContent = t('org.table.entry.position', { n: number(p) });
    save.textContent = t('org.table.entry.save', { n: number(p) });
    reentry.hidden = page.reentering === null;
    cancelReentry.hidden = page.reentering === null;
    reentry.textContent = page.reentering === null ? '' : t('org.table.entry.reentering', { n: number(page.reentering) });
    drawCounter();
  };
  // A blank ballot control for the next position (or the one being entered again).
  const fresh = () => {
    ballot = controls[kind].create({ challenge, ideas, previous: null });
    holder.replaceChildren(ballot.node);
    drawPosition();
  };
  const fail = (message) => {
    problem.replaceChildren(h('p', { class: 'alert', role: 'alert' }, message));
  };
  // Stored on the device before anything is sent; the next position comes up at once.
  async function record(mark) {
    problem.replaceChildren();
    const p = position();
    try {
      await page.outbox.add({ key: `ballot ${p}`, method: 'PUT', path: tablePath(page, `/ballots/${p}`), body: mark,
        what: { kind: 'ballot', position: p } });
    } catch {
      return fail(t('org.table.entry.not_stored'));
    }
    page.session.add(p);
    page.forgetRefusal(p);
    saved.textContent = t('org.table.entry.saved', { n: number(p), mark: markText(mark, page.titles) });
    page.reentering = null;
    fresh();
    page.drawMismatches();
    heading.focus();
    return undefined;
  }
  // The ballot's form holds the ballot alone: Enter in the box's count never saves a ballot.
  const controlsSet = h('fieldset', { class: 'table-entry-controls' },
    h('legend', {}, heading),
    reentry, cancelReentry,
    h('p', { class: 'hint' }, t('org.table.entry.hint')),
    holder,
    problem,
    h('div', { class: 'table-actions' }, save, blank),
    h('div', { class: 'table-null' }, field(t('org.table.entry.null_reason'), reason, { name: 'null' }), nulled),
    saved);
  const form = h('form', { class: 'table-ballot-form', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const invalid = ballot.invalid?.();
    if (invalid) return fail(`${invalid} ${t('org.table.entry.as_null')}`);
    if (ballot.completeness() === 'empty') return fail(t('org.table.entry.empty'));
    return record(ballot.body());
  } }, controlsSet);
  const section = h('section', { class: 'card table-entry', 'aria-labelledby': 'entry-title' },
    h('h2', { id: 'entry-title' }, t('org.table.entry.title')),
    gate,
    field(t('org.table.entry.box'), box, { name: 'ballots_in_box', hint: t('org.table.entry.box_hint') }),
    counter,
    form,
    h('section', { 'aria-labelledby': 'refused-title', class: 'table-refused-box', hidden: true },
      h('h3', { id: 'refused-title' }, t('org.table.refused.title')), refused));
  box.addEventListener('input', () => {
    const n = Math.floor(Number(box.value));
    page.box = Number.isInteger(n) && n > 0 ? n : null;
    keepBox(page, page.box);
    drawCounter();
    page.drawAct();
  });
  // Entry opens when the table closes (by the server's clock) and ends with the closed act.
  page.drawGate = () => {
    const before = page.now() < Date.parse(page.table.closes);
    const closed = Boolean(page.ballots?.closed);
    gate.hidden = !before && !closed;
    gate.textContent = before ? t('org.table.entry.not_yet', { at: dateTime(page.table.closes, page.zone) })
      : closed ? t('org.table.entry.closed') : '';
    controlsSet.disabled = before || closed;
  };
  page.reenter = (p) => {
    page.reentering = p;
    fresh();
    heading.scrollIntoView({ block: 'start' });
    heading.focus();
  };
  page.drawRefused = () => {
    const items = [...page.refusals.values()];
    refused.closest('section').hidden = items.length === 0;
    refused.replaceChildren(...items.map(({ position: p, error }) => h('li', { 'data-position': p },
      h('p', {}, t('org.table.refused.item', { n: number(p), why: errorText(error, { closes: dateTime(page.table.closes, page.zone) }) })),
      h('button', { type: 'button', class: 'secondary', onclick: () => page.reenter(p) }, t('org.table.reenter', { n: number(p) })))));
  };
  page.drawCounter = drawPosition;
  fresh();
  return section;
}

// ---- mismatches ----

function mismatchSection(page) {
  const list = h('ul', { class: 'table-mismatches' });
  const summary = h('p', { class: 'table-summary' });
  const note = h('p', { class: 'muted' });
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => page.refresh() }, t('org.table.refresh'));
  page.drawMismatches = () => {
    const ballots = page.ballots?.ballots || [];
    const mismatched = ballots.filter((b) => b.status === entryStatus.mismatch);
    const count = (s) => ballots.filter((b) => b.status === s).length;
    const vars = { total: number(ballots.length), agreed: number(count(entryStatus.agreed)), single: number(count(entryStatus.single)),
      mismatch: number(mismatched.length), count: ballots.length };
    summary.textContent = ballots.length ? t('org.table.mismatch.summary', vars) : t('org.table.mismatch.nothing');
    note.textContent = page.readError ? errorText(page.readError) : page.readFailed ? t('org.table.mismatch.offline') : '';
    note.classList.toggle('alert', Boolean(page.readError));
    const unsent = new Set(page.outbox.unsent().map((x) => x.what?.position).filter(Boolean));
    list.replaceChildren(...(mismatched.length ? mismatched.map((b) => h('li', { class: 'card table-mismatch', 'data-position': b.position },
      h('h3', {}, t('org.table.mismatch.position', { n: number(b.position) })),
      h('p', {}, h('strong', {}, t('org.table.mismatch.mine')), ' ', h('span', { class: 'mine' }, markText(b.mine, page.titles))),
      (b.others || []).map((mark) => h('p', {}, h('strong', {}, t('org.table.mismatch.other')), ' ',
        h('span', { class: 'other' }, markText(mark, page.titles)))),
      unsent.has(b.position) ? h('p', { class: 'muted' }, t('org.table.mismatch.unsent')) : null,
      h('button', { type: 'button', class: 'table-big', onclick: () => page.reenter(Number(b.position)) },
        t('org.table.reenter', { n: number(b.position) }))))
      : [h('li', { class: 'muted' }, t('org.table.mismatch.none'))]));
  };
  return h('section', { class: 'card table-mismatch-box', 'aria-labelledby': 'mismatch-title' },
    h('h2', { id: 'mismatch-title' }, t('org.table.mismatch.title')),
    summary, note, list, h('p', {}, refresh));
}

// ---- the act ----

function actSection(page) {
  const file = h('input', { type: 'file', name: 'photo', accept: 'image/*,application/pdf' });
  const sha = h('input', { name: 'photo_sha256', readonly: true, class: 'mono', autocomplete: 'off', spellcheck: 'false' });
  const hashed = h('p', { class: 'muted', role: 'status' });
  hashOnChoice(file, sha, hashed);
  const boxLine = h('p', { class: 'table-box-line' });
  const blocked = h('p', { class: 'notice table-blockers', hidden: true });
  const draftButton = h('button', { type: 'submit', class: 'table-big' }, t('org.table.act.draft'));
  const view = h('div', { class: 'table-act-view', 'aria-live': 'polite' });
  const out = h('div', { class: 'table-act-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'table-act-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    if (!page.box) return alertIn(form, t('org.table.act.no_box'));
    if (!/^[0-9a-f]{64}$/.test(sha.value)) return showError(form, { field: 'photo', plain: true, message: t('org.table.act.no_photo') });
    try {
      await page.outbox.add({ key: 'act', method: 'POST', path: tablePath(page, '/act'),
        body: { ballots_in_box: page.box, photo_sha256: sha.value }, what: { kind: 'act' } });
    } catch {
      return alertIn(form, t('org.table.entry.not_stored'));
    }
    out.replaceChildren(h('p', { class: 'notice' }, t('org.table.act.queued')));
    return undefined;
  } },
  boxLine,
  field(t('org.table.act.photo'), file, { name: 'photo', hint: t('org.table.act.photo_hint') }),
  field(t('org.table.act.sha'), sha, { name: 'photo_sha256' }), hashed,
  blocked,
  h('p', {}, draftButton));
  file.dataset.field = 'photo';

  const sign = h('button', { type: 'button', class: 'table-big', onclick: async () => {
    out.replaceChildren();
    if (!page.signing) return out.replaceChildren(h('p', { class: 'alert', role: 'alert' }, t('org.table.act.cannot_sign')));
    if (!page.act?.message) return undefined;
    try {
      const signature = await signAct(page.signing.privateKey, page.act.message);
      await page.outbox.add({ key: 'signature', method: 'POST', path: tablePath(page, '/act/signatures'), body: { signature },
        what: { kind: 'signature', act: page.act.id } });
    } catch {
      return out.replaceChildren(h('p', { class: 'alert', role: 'alert' }, t('org.table.entry.not_stored')));
    }
    out.replaceChildren(h('p', { class: 'notice' }, t('org.table.act.sign_queued')));
    sign.disabled = true; // until the act is drawn again, with this signature or its refusal
    return undefined;
  } }, t('org.table.act.sign'));
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    out.replaceChildren();
    await page.refresh();
    if (page.readError) out.replaceChildren(h('p', { class: 'alert', role: 'alert' }, errorText(page.readError)));
  } }, t('org.table.act.refresh'));
  const keyLine = h('p', { class: 'muted table-key' });

  // The note "saved on this device, being sent" goes once the server answered.
  page.clearActNote = () => out.replaceChildren();
  page.showActRefusal = (error) => {
    const vars = { positions: positionsText(blockers(page.ballots?.ballots, page.box || 0).missing) };
    out.replaceChildren(h('p', { class: 'alert', role: 'alert' }, errorText(error, vars)));
  };

  page.drawAct = () => {
    boxLine.textContent = page.box ? t('org.table.act.box', { count: page.box, n: number(page.box) }) : t('org.table.act.no_box');
    const found = blockers(page.ballots?.ballots, page.box || 0);
    const parts = [];
    const say = (list, key) => { if (list.length) parts.push(t(key, { count: list.length, positions: positionsText(list) })); };
    say(found.missing, 'org.table.act.missing');
    say(found.single, 'org.table.act.single');
    say(found.mismatch, 'org.table.act.mismatch');
    say(found.beyond, 'org.table.act.beyond');
    blocked.hidden = !page.box || found.none;
    blocked.textContent = parts.join(' ');
    const mine = me(page);
    keyLine.dataset.signingKey = page.signing?.publicKey || '';
    keyLine.textContent = !page.signing ? t('org.table.act.cannot_sign')
      : mine ? t('org.table.act.key', { key: `${page.signing.publicKey.slice(0, 12)}…`, label: mine.label })
        : t('org.table.act.key_unknown');
    keyLine.classList.toggle('alert', !mine);
    const act = page.act;
    form.hidden = Boolean(act?.closed);
    if (!act) {
      view.replaceChildren(h('p', { class: 'muted' }, t('org.table.act.none')));
      sign.hidden = true;
      return;
    }
    const signed = new Set((act.signatures || []).map((s) => s.officer));
    const waiting = (act.signers || []).filter((id) => !signed.has(id));
    const nulls = act.null && typeof act.null === 'object' ? Object.entries(act.null).filter(([, n]) => n > 0) : [];
    // Every idea of the ballot in its order, with none where the act counts none; then any idea the
    // act counts that the page does not list (hidden since), by its id.
    const votes = act.votes || {};
    const listed = new Set(page.ideas.map((i) => String(i.id)));
    const ideaVotes = [...page.ideas.map((i) => [i.title, Number(votes[i.id] ?? 0)]),
      ...Object.entries(votes).filter(([id]) => !listed.has(id)).map(([id, n]) => [page.titles.get(Number(id)) ?? `#${id}`, Number(n)])];
    view.replaceChildren(h('div', { class: `table-act ${act.closed ? 'is-closed' : 'is-draft'}`, 'data-closed': String(Boolean(act.closed)) },
      h('p', { class: 'table-act-state' }, h('strong', {}, act.closed
        ? t('org.table.act.closed', { at: dateTime(act.closed_at, page.zone) })
        : t('org.table.act.draft_state', { edition: number(act.edition ?? 1) }))),
      h('dl', { class: 'table-figures' },
        figure(t('org.table.act.checked_in'), number(act.checked_in)),
        figure(t('org.table.act.in_box'), number(act.ballots_in_box)),
        figure(t('org.table.act.difference'), differenceText(act.difference)),
        figure(t('org.table.act.valid'), number(act.valid)),
        figure(t('org.table.act.blank'), number(act.blank)),
        figure(t('org.table.act.null'), nulls.length
          ? `${number(total(act.null))} (${nulls.map(([r, n]) => `${t(`org.table.null.${r}`)}: ${number(n)}`).join(', ')})`
          : number(total(act.null)))),
      h('h3', {}, t('org.table.act.votes_title')),
      h('ul', { class: 'table-votes' }, ideaVotes.map(([title, n]) => h('li', {}, t(votesKey(page.challenge.ballot.kind),
        { title, count: n, n: number(n) })))),
      h('p', { class: 'muted' }, t('org.table.act.photo_sha', { sha: `${String(act.photo_sha256 || '').slice(0, 16)}…` })),
      h('p', { class: 'table-signers' }, signed.size
        ? t('org.table.act.signed_by', { names: [...signed].map((id) => officerName(page, id)).join(', ') }) : t('org.table.act.unsigned')),
      waiting.length ? h('p', { class: 'table-waiting' }, t('org.table.act.waiting', { count: waiting.length,
        names: waiting.map((id) => officerName(page, id)).join(', ') })) : null));
    const canSignThis = !act.closed && mine && (act.signers || []).includes(mine.id) && !signed.has(mine.id);
    const queued = page.outbox.unsent().some((x) => x.what?.kind === 'signature' && x.what.act === act.id);
    sign.hidden = !canSignThis;
    sign.disabled = queued;
  };
  return h('section', { class: 'card table-act-box', 'aria-labelledby': 'act-title' },
    h('h2', { id: 'act-title' }, t('org.table.act.title')),
    form, view, h('p', { class: 'table-actions' }, sign, refresh), out, keyLine);
}

const figure = (label, value) => h('div', {}, h('dt', {}, label), h('dd', {}, value));

// ---- the page ----

// The page drawn last, stopped when another is drawn (a language change draws it again): one
// outbox sends at a time.
let stopPrevious = null;

export async function render(view, { who, c, bar, nav }) {
  stopPrevious?.();
  stopPrevious = null;
  const m = who.municipality;
  const tableId = who.table;
  const [mun, challenge, ideas, storage, signing] = await Promise.all([
    api('GET', `/municipalities/${encodeURIComponent(m)}`),
    api('GET', challengePath(m, c)),
    allPages(challengePath(m, c, '/ideas'), 'ideas', { limit: 100, cap: 50 }),
    deviceStorage(),
    canSign().then((yes) => (yes ? officerSigningKey(who.key) : null)),
  ]);
  // The outbox's items are marked with a digest of the key, never the key: a device shared by two
  // officers sends each one's entries with its own key. Without WebCrypto (no secure context), by table.
  const owner = globalThis.crypto?.subtle
    ? hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(who.key))).slice(0, 32)
    : `${m}/${c}/${tableId}`;
  const visible = ideas.filter((i) => !isHidden(i));
  const page = {
    who, c, tableId, challenge, ideas: visible, zone: mun.timezone, storage, signing,
    titles: new Map(ideas.map((i) => [i.id, i.title])),
    // The server's clock (the challenge's `now`), moved on by the time the page has been open.
    now: ((at, since) => () => at + (performance.now() - since))(Date.parse(challenge.now) || Date.now(), performance.now()),
    ballots: null, act: null, table: null, box: null, reentering: null, readFailed: false,
    session: new Set(), refusals: new Map(), onConnection: [],
  };
  page.box = keptBox(page);
  await Promise.all([readTable(page), readBallots(page), readAct(page)]);
  // The table itself is needed to draw anything: without it the page says there is no connection.
  if (!page.table) throw new ApiError(0, { code: 'network' });
  page.entered = () => {
    const positions = enteredPositions(page.ballots?.ballots, page.outbox.unsent());
    for (const p of page.session) positions.add(p);
    return positions;
  };
  page.forgetRefusal = (p) => {
    if (page.refusals.delete(p)) page.drawRefused();
  };

  // What the server answered an item of the outbox.
  let soon = null;
  const refreshSoon = () => {
    clearTimeout(soon);
    soon = setTimeout(() => page.refresh(), 300);
  };
  page.outbox = createOutbox({
    storage, owner,
    send: (item) => api(item.method, item.path, { key: who.key, body: item.body }),
    on: {
      change: () => { page.drawStatus?.(); },
      sent: (item, answer) => {
        if (item.what?.kind === 'act' || item.what?.kind === 'signature') {
          page.act = answer;
          page.clearActNote?.();
          page.drawAct?.();
        }
        refreshSoon();
      },
      refused: (item, error) => {
        if (item.what?.kind === 'ballot') {
          page.session.delete(item.what.position);
          page.refusals.set(item.what.position, { position: item.what.position, error });
          page.drawRefused?.();
          page.drawCounter?.();
        } else if (!(item.what?.kind === 'signature' && error.code === errorCode.act_closed)) {
          // A signature sent again after its answer was lost finds the act closed: nothing to say.
          page.showActRefusal?.(error);
        }
        refreshSoon();
      },
    },
  });

  // The table's entries, act and count again; a refusal (a revoked key) is said under the
  // mismatches, never thrown at the page.
  page.refresh = async () => {
    try {
      await Promise.all([readBallots(page), page.act?.closed ? null : readAct(page), readTable(page)]);
      page.readError = null;
    } catch (e) {
      page.readError = e;
    }
    page.drawAll();
  };

  const table = page.table;
  const heading = h('h1', {}, t('org.table.title', { name: table.name }));
  const where = h('p', { class: 'table-where' }, [table.address, table.district ? t('org.table.district', { district: table.district }) : null]
    .filter(Boolean).join(' · '));
  const hours = h('p', { class: 'muted' }, t('org.table.hours', { opens: dateTime(table.opens, page.zone), closes: dateTime(table.closes, page.zone) }));
  const statusBox = statusBar(page);
  const sections = [checkInSection(page), entrySection(page), mismatchSection(page), actSection(page)];
  page.drawAll = () => {
    page.drawStatus();
    page.drawCount();
    page.drawGate();
    page.drawCounter();
    page.drawMismatches();
    page.drawAct();
  };
  page.drawAll();
  show(view, bar, nav, heading, where, hours, statusBox, sections);

  // Started once the page is drawn: what the device kept unsent (a reload) goes out now.
  await page.outbox.start();
  page.drawAll();
  const stopOnline = retryWhenOnline(page.outbox, window);
  const connection = () => {
    for (const f of page.onConnection) f();
    page.drawStatus();
    if (online()) page.refresh();
  };
  window.addEventListener('online', connection);
  window.addEventListener('offline', connection);
  const stop = () => {
    clearInterval(timer);
    clearTimeout(soon);
    stopOnline();
    page.outbox.stop();
    window.removeEventListener('online', connection);
    window.removeEventListener('offline', connection);
  };
  const timer = setInterval(() => {
    // The officer moved to another page: nothing more from this one (what is unsent stays on the
    // device and goes out when the page opens again).
    if (!statusBox.isConnected) stop();
    else if (online()) page.refresh();
  }, refreshEveryMs);
  stopPrevious = stop;
}
