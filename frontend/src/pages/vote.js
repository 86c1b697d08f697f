// The ballot: the control that fits the challenge's kind (ballots/), a warning before an empty or
// partial ballot, then PUT …/ballot and the receipt. Only the last ballot of a token counts, so a
// resident who comes back finds the ballot they cast and may change it while voting is open.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { navigate } from '../router.js';
import { getToken, getReceipt, setReceipt } from '../tokens.js';
import { loadChallenge, loadIdeas, isOpen, backLink, errorText, alertBox, noticeOf } from './common.js';
import * as approval from '../ballots/approval.js';
import * as points from '../ballots/points.js';
import * as ranking from '../ballots/ranking.js';
import * as budget from '../ballots/budget.js';

const controls = { approval, single: approval, points, ranking, budget };

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge }, ideas] = await Promise.all([loadChallenge(m, c), loadIdeas(m, c)]);
  if (!ctx.current()) return;
  const token = getToken(m, c);
  const why = !isOpen(challenge, 'voting') ? t('vote.closed') : !token ? t('takepart.card')
    : ideas.length === 0 ? t('vote.no_ideas') : null;
  const heading = h('h1', {}, t('vote.title', { title: challenge.title }));
  if (why) {
    show(view, backLink(m, c, challenge), heading, h('p', {}, why));
    return;
  }
  const previous = getReceipt(m, c)?.ballot;
  const ballot = controls[challenge.ballot.kind].create({ challenge, ideas, previous });
  show(view, backLink(m, c, challenge), heading, noticeOf(ctx),
    previous ? h('p', { class: 'notice' }, t('vote.changing')) : null,
    ballotForm(m, c, challenge, ideas, token, ballot));
}

function ballotForm(m, c, challenge, ideas, token, ballot) {
  const top = h('div', { class: 'form-alert' });
  const submit = h('button', { type: 'submit' }, t('vote.submit'));
  const form = h('form', { class: 'vote', novalidate: true }, top, ballot.node,
    h('p', { class: 'muted' }, t('vote.last_counts')), h('p', {}, submit));
  const send = async () => {
    submit.disabled = true;
    try {
      const answer = await api('PUT', challengePath(m, c, '/ballot'), { body: { token, ...ballot.body() } });
      const titles = new Map(ideas.map((i) => [i.id, i.title]));
      setReceipt(m, c, { ...answer, kind: challenge.ballot.kind, ballot: ballot.body(),
        cast: ballot.cast().map((x) => ({ ...x, title: titles.get(x.id) })) });
      navigate(`/${m}/${c}/receipt`);
    } catch (e) {
      submit.disabled = false;
      fail(top, errorText(e));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    top.replaceChildren();
    const invalid = ballot.invalid?.();
    if (invalid) return fail(top, invalid);
    const state = ballot.completeness();
    if (state === 'full') return send();
    return confirmDialog(form, state, send);
  });
  return form;
}

function fail(top, message) {
  const box = alertBox(message);
  box.setAttribute('tabindex', '-1');
  top.replaceChildren(box);
  box.focus();
}

// An empty or partial ballot is allowed, but asked about first: a modal dialog, native so the
// focus is trapped in it and Escape closes it; "back" returns the focus to the ballot.
function confirmDialog(form, state, send) {
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
    h('h2', { id: 'confirm-title' }, t(`vote.confirm.${state}.title`)),
    h('p', { id: 'confirm-text' }, t(`vote.confirm.${state}.text`)),
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('back') }, t('vote.confirm.back')),
      h('button', { type: 'button', onclick: () => dialog.close('send') }, t('vote.confirm.send'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (dialog.returnValue === 'send') send();
    else form.querySelector('input, button')?.focus();
  });
  form.append(dialog);
  dialog.showModal();
  dialog.querySelector('button').focus();
}
