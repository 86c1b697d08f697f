// Budget: choose ideas whose costs add up to at most the challenge's budget. The basket shows what
// is spent and left; a choice that does not fit is refused on the spot, saying by how much.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { money } from '../format.js';
import { ideaLabel } from './parts.js';

export function create({ challenge, ideas, previous }) {
  const limit = challenge.budget ?? 0;
  const cost = new Map(ideas.map((i) => [i.id, i.cost ?? 0]));
  const chosen = new Set(previous?.choices || []);
  const basket = h('p', { class: 'basket', 'aria-live': 'polite', id: 'ballot-counter' });
  const refusal = h('p', { class: 'refusal error', role: 'alert' });
  const boxes = ideas.map((idea) => h('input', {
    type: 'checkbox', value: idea.id, id: `choice-${idea.id}`, checked: chosen.has(idea.id), 'aria-describedby': 'ballot-counter',
  }));
  const picked = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  const spent = () => picked().reduce((s, id) => s + cost.get(id), 0);
  const update = () => {
    basket.textContent = t('ballot.budget.basket', { spent: money(spent()), left: money(limit - spent()), limit: money(limit) });
  };
  boxes.forEach((box, i) => box.addEventListener('change', () => {
    refusal.textContent = '';
    if (box.checked && spent() > limit) {
      box.checked = false;
      refusal.textContent = t('ballot.budget.refused', { title: ideas[i].title, cost: money(cost.get(ideas[i].id)), left: money(limit - spent()) });
    }
    update();
  }));
  update();
  const node = h('fieldset', { class: 'ballot ballot-budget' },
    h('legend', {}, t('ballot.budget.legend', { limit: money(limit) })),
    basket, refusal,
    h('ul', { class: 'options' }, ideas.map((idea, i) => h('li', {}, boxes[i], ' ', ideaLabel(idea, boxes[i].id)))));
  // Partial: some idea not chosen would still fit in what is left.
  const fitsMore = () => ideas.some((i) => !picked().includes(i.id) && cost.get(i.id) <= limit - spent());
  return {
    node,
    completeness: () => (picked().length === 0 ? 'empty' : fitsMore() ? 'partial' : 'full'),
    body: () => ({ choices: picked() }),
    cast: () => picked().map((id) => ({ id })),
  };
}
