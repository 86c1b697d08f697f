// The ballot: the control that fits the challenge's kind (ballots/), a warning before an empty or
// partial ballot, then PUT …/ballot and the receipt. Only the last ballot of a token counts, so a
// resident who comes back finds the ballot they cast and may change it while voting is open.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { navigate } from '../router.js';
import { getToken, getReceipt, setReceipt } from '../tokens.js';
import { ballotKind, phase } from '../vocabulary.js';
import { loadChallenge, loadIdeas, isOpen, backLink, errorText, alertBox, noticeOf } from './common.js';
import { refusalText } from '../refusal.js';
import { ask } from '../dialog.js';
import * as approval from '../ballots/approval.js';
import * as points from '../ballots/points.js';
import * as ranking from '../ballots/ranking.js';
import * as budget from '../ballots/budget.js';

// The control for each kind of ballot (a single choice is an approval of one).
const controls = { [ballotKind.approval]: approval, [ballotKind.single]: approval, [ballotKind.points]: points,
  [ballotKind.ranking]: ranking, [ballotKind.budget]: budget };

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge }, ideas] = await Promise.all([loadChallenge(m, c), loadIdeas(m, c)]);
  if (!ctx.current()) return;
  const token = getToken(m, c);
  const why = !isOpen(challenge, phase.voting) ? t('vote.closed') : !token ? t('takepart.card')
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
      const { receipt, replaced, leaf, entry, tracker, head } =
        await api('PUT', challengePath(m, c, '/ballot'), { body: { token, ...ballot.body() } });
      const titles = new Map(ideas.map((i) => [i.id, i.title]));
      // The receipt, and beside it the ballot's place on the public board (tokens.js).
      setReceipt(m, c, { receipt, replaced, leaf, entry, tracker, head, kind: challenge.ballot.kind, ballot: ballot.body(),
        cast: ballot.cast().map((x) => ({ ...x, title: titles.get(x.id) })) });
      navigate(`/${m}/${c}/receipt`);
    } catch (e) {
      submit.disabled = false;
      const row = ideaRowOf(form, e, ballot.body());
      if (row) failBeside(row, refusalText({ ...e, field: 'idea' }, { vars: { title: titleOf(ideas, row.dataset.idea) } }));
      else fail(top, errorText(e));
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    top.replaceChildren();
    for (const note of form.querySelectorAll('.option .field-error')) note.remove();
    const invalid = ballot.invalid?.();
    if (invalid) return fail(top, invalid);
    const state = ballot.completeness();
    if (state === 'full') return send();
    const answer = await ask({ title: t(`vote.confirm.${state}.title`), text: t(`vote.confirm.${state}.text`),
      choices: [{ value: 'back', label: t('vote.confirm.back'), kind: 'secondary' }, { value: 'send', label: t('vote.confirm.send') }] });
    if (answer === 'send') return send();
    return form.querySelector('input, button')?.focus();
  });
  return form;
}

const titleOf = (ideas, id) => ideas.find((i) => String(i.id) === String(id))?.title ?? `#${id}`;

// The idea a refusal names: `choices[1]` and `ranking[1]` the second of the ballot sent, `points.7`
// idea 7; its row on the ballot, or null.
function ideaRowOf(form, e, body) {
  const found = /^(choices|ranking)\[(\d+)\]$/.exec(e.field || '');
  const points = /^points\.(\d+)$/.exec(e.field || '');
  const id = found ? body[found[1]]?.[Number(found[2])] : points ? Number(points[1]) : undefined;
  if (id === undefined) return null;
  return form.querySelector(`[data-idea="${id}"], [data-id="${id}"]`);
}

function failBeside(row, message) {
  const note = h('p', { class: 'field-error', role: 'alert', id: `idea-${row.dataset.idea || row.dataset.id}-error` }, message);
  row.append(note);
  const control = row.querySelector('input, button');
  if (control) {
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
    control.focus();
  }
}

function fail(top, message) {
  const box = alertBox(message);
  box.setAttribute('tabindex', '-1');
  top.replaceChildren(box);
  box.focus();
}
