// Ranking: an ordered list, best first, of up to max_ranks ideas. Every move works by keyboard
// (buttons to add, move up, move down, remove) and, on a pointer, by dragging (HTML5 draggable).
// A live region says what each move did, since the list changes under the focus. The list itself
// (rankingList) serves the consultation's ranking questions too, over options instead of ideas.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { summaryOf, moreAbout } from './parts.js';

export function create({ challenge, ideas, previous }) {
  const max = Math.min(challenge.ballot.max_ranks ?? 5, ideas.length);
  const list = rankingList({
    items: ideas, max, initial: previous?.ranking || [],
    legend: t('ballot.ranking.legend', { count: max }), others: t('ballot.ranking.others'),
    statusId: 'ballot-counter', fieldsetClass: 'ballot ballot-ranking',
  });
  return {
    node: list.node,
    completeness: () => (list.order().length === 0 ? 'empty' : list.order().length < max ? 'partial' : 'full'),
    body: () => ({ ranking: list.order() }),
    cast: () => list.order().map((id) => ({ id })),
  };
}

// The ordered list over items [{id, title, description?}] (ids unique, 0 allowed; a description
// shows as a summary with "Leer más"): a fieldset with its legend,
// the resident's order and the items not ranked yet. `prefix` keeps the ids of two lists on one
// page apart; the hint's id is `${prefix}ranking-hint`. Answers {node, order(): ids best first}.
export function rankingList({ items, max, initial = [], legend, hint = t('ballot.ranking.hint'), others, prefix = '', statusId,
  fieldsetClass = 'ballot ballot-ranking', describedBy = null, heading = 'h3' }) {
  const byId = new Map(items.map((i) => [i.id, i]));
  let order = initial.filter((id) => byId.has(id)).slice(0, max);
  const id = (what) => `${prefix}${what}`;
  const status = h('p', { class: 'counter', 'aria-live': 'polite', id: statusId || id('ranking-counter') });
  const ranked = h('ol', { class: 'ranked', 'aria-labelledby': id('ranked-title') });
  const rest = h('ul', { class: 'unranked options', 'aria-labelledby': id('unranked-title') });
  let dragged = null;

  // Redraws both lists and puts the focus back on the control the resident was using.
  const draw = (focus) => {
    ranked.replaceChildren(...order.map((x, i) => rankedItem(byId.get(x), i)));
    rest.replaceChildren(...items.filter((i) => !order.includes(i.id)).map(unrankedItem));
    if (focus) (document.getElementById(focus) || ranked.querySelector('button') || rest.querySelector('button'))?.focus();
  };
  const say = (message) => { status.textContent = `${message} ${t('ballot.ranking.count', { count: order.length, max })}`.trim(); };
  const move = (x, to, why) => {
    order = order.filter((y) => y !== x);
    order.splice(to, 0, x);
    say(why || t('ballot.ranking.moved', { title: byId.get(x).title, position: to + 1 }));
  };

  function rankedItem(item, i) {
    const button = (what, label, onclick, disabled) => h('button', { type: 'button', class: 'secondary small', id: id(`${what}-${item.id}`),
      'aria-label': t(label, { title: item.title }), disabled, onclick }, t(`${label}.short`));
    const node = h('li', { class: 'ranked-item', draggable: 'true', 'data-id': item.id },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, String(i + 1)),
      h('span', { class: 'title' }, item.title),
      h('span', { class: 'moves' },
        button('up', 'ballot.ranking.up', () => { move(item.id, i - 1); draw(id(i - 1 === 0 ? `down-${item.id}` : `up-${item.id}`)); }, i === 0),
        button('down', 'ballot.ranking.down', () => { move(item.id, i + 1); draw(id(i + 1 === order.length - 1 ? `up-${item.id}` : `down-${item.id}`)); },
          i === order.length - 1),
        button('remove', 'ballot.ranking.remove', () => {
          order = order.filter((x) => x !== item.id);
          say(t('ballot.ranking.removed', { title: item.title }));
          draw(id(`add-${item.id}`));
        }, false)));
    node.addEventListener('dragstart', (e) => { dragged = item.id; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(item.id)); });
    node.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; });
    node.addEventListener('drop', (e) => {
      e.preventDefault();
      if (dragged === null || dragged === item.id) return;
      move(dragged, order.indexOf(item.id));
      dragged = null;
      draw();
    });
    return node;
  }

  // An idea's summary and "Leer más" under its title; nothing for an option without a description.
  function about(item) {
    const summary = summaryOf(item.description);
    if (!summary.text) return null;
    return [h('span', { class: 'option-summary' }, summary.text), moreAbout(item, summary)];
  }

  function unrankedItem(item) {
    return h('li', { 'data-idea': item.id }, h('div', { class: 'item-text' }, h('span', { class: 'title' }, item.title), about(item)), ' ',
      h('button', { type: 'button', class: 'secondary small', id: id(`add-${item.id}`), disabled: order.length >= max,
        'aria-label': t('ballot.ranking.add', { title: item.title }), onclick: () => {
          move(item.id, order.length, t('ballot.ranking.added', { title: item.title, position: order.length + 1 }));
          draw(id(`remove-${item.id}`));
        } }, t('ballot.ranking.add.short')));
  }

  draw();
  say('');
  const node = h('fieldset', { class: fieldsetClass, 'aria-describedby': describedBy },
    h('legend', {}, legend),
    h('p', { class: 'hint', id: id('ranking-hint') }, hint),
    status,
    h(heading, { id: id('ranked-title'), class: 'ranking-part' }, t('ballot.ranking.yours')), ranked,
    h(heading, { id: id('unranked-title'), class: 'ranking-part' }, others), rest);
  return { node, order: () => [...order] };
}
