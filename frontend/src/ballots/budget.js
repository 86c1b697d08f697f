// Budget: choose ideas whose costs add up to at most the challenge's budget. The basket (what is
// spent and left, in words and as a bar) stays in view while the list scrolls; a choice that does
// not fit is refused on the spot, beside that idea, saying by how much.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { money } from '../format.js';
import { choiceRow } from './parts.js';

export function create({ challenge, ideas, previous }) {
  const limit = challenge.budget ?? 0;
  const cost = new Map(ideas.map((i) => [i.id, i.cost ?? 0]));
  const chosen = new Set(previous?.choices || []);
  const text = h('p', { class: 'basket-text' });
  const fill = h('span', { class: 'basket-fill' });
  const basket = h('div', { class: 'basket', id: 'ballot-counter', 'aria-live': 'polite' },
    text, h('span', { class: 'basket-bar', 'aria-hidden': 'true' }, fill));
  const boxes = ideas.map((idea) => h('input', {
    type: 'checkbox', value: idea.id, id: `choice-${idea.id}`, checked: chosen.has(idea.id), 'aria-describedby': 'ballot-counter',
  }));
  const rows = ideas.map((idea, i) => choiceRow(idea, boxes[i]));
  const picked = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  const spent = () => picked().reduce((s, id) => s + cost.get(id), 0);
  const update = () => {
    text.textContent = t('ballot.budget.basket', { spent: money(spent()), left: money(limit - spent()), limit: money(limit) });
    fill.style.width = `${limit > 0 ? Math.min(100, (100 * spent()) / limit) : 0}%`;
  };
  // The refusal sits in the row of the idea that does not fit, and describes its box.
  const clearRefusal = () => {
    for (const [i, row] of rows.entries()) {
      row.querySelector('.refusal')?.remove();
      boxes[i].setAttribute('aria-describedby', boxes[i].dataset.describedby);
    }
  };
  boxes.forEach((box, i) => box.addEventListener('change', () => {
    clearRefusal();
    if (box.checked && spent() > limit) {
      box.checked = false;
      const refusal = h('p', { class: 'refusal error', role: 'alert', id: `${box.id}-refusal` },
        t('ballot.budget.refused', { title: ideas[i].title, cost: money(cost.get(ideas[i].id)), left: money(limit - spent()) }));
      rows[i].append(refusal);
      box.setAttribute('aria-describedby', `${box.dataset.describedby} ${refusal.id}`);
    }
    update();
  }));
  update();
  const node = h('fieldset', { class: 'ballot ballot-budget' },
    h('legend', {}, t('ballot.budget.legend', { limit: money(limit) })),
    basket,
    h('ul', { class: 'options' }, rows));
  // Partial: some idea not chosen would still fit in what is left.
  const fitsMore = () => ideas.some((i) => !picked().includes(i.id) && cost.get(i.id) <= limit - spent());
  return {
    node,
    completeness: () => (picked().length === 0 ? 'empty' : fitsMore() ? 'partial' : 'full'),
    body: () => ({ choices: picked() }),
    cast: () => picked().map((id) => ({ id })),
  };
}
