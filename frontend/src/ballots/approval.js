// Approval (and single choice, max 1, as radios): choose up to max_choices ideas. At the limit the
// unchecked boxes are disabled, and a live region says how many are chosen.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ballotKind } from '../vocabulary.js';
import { choiceRow } from './parts.js';

export function create({ challenge, ideas, previous }) {
  const single = challenge.ballot.kind === ballotKind.single;
  const max = single ? 1 : Math.min(challenge.ballot.max_choices ?? 3, ideas.length);
  const chosen = new Set(previous?.choices || []);
  const counter = h('p', { class: 'counter', 'aria-live': 'polite', id: 'ballot-counter' });
  const boxes = ideas.map((idea) => h('input', {
    type: single ? 'radio' : 'checkbox', name: 'choice', value: idea.id, id: `choice-${idea.id}`,
    checked: chosen.has(idea.id), 'aria-describedby': single ? null : 'ballot-counter',
  }));
  const update = () => {
    const n = boxes.filter((b) => b.checked).length;
    if (!single) for (const b of boxes) b.disabled = !b.checked && n >= max;
    counter.textContent = single ? '' : t('ballot.counter', { count: n, max });
  };
  for (const b of boxes) b.addEventListener('change', update);
  update();
  const node = h('fieldset', { class: 'ballot ballot-choices' },
    h('legend', {}, single ? t('ballot.single.legend') : t('ballot.approval.legend', { count: max })),
    single ? null : counter,
    h('ul', { class: 'options' }, ideas.map((idea, i) => choiceRow(idea, boxes[i]))));
  const picked = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  return {
    node,
    completeness: () => (picked().length === 0 ? 'empty' : picked().length < max ? 'partial' : 'full'),
    body: () => ({ choices: picked() }),
    cast: () => picked().map((id) => ({ id })),
  };
}
