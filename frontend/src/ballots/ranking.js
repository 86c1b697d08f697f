// Ranking: an ordered list, best first, of up to max_ranks ideas. Every move works by keyboard
// (buttons to add, move up, move down, remove) and, on a pointer, by dragging (HTML5 draggable).
// A live region says what each move did, since the list changes under the focus.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function create({ challenge, ideas, previous }) {
  const max = Math.min(challenge.ballot.max_ranks ?? 5, ideas.length);
  const byId = new Map(ideas.map((i) => [i.id, i]));
  let order = (previous?.ranking || []).filter((id) => byId.has(id)).slice(0, max);
  const status = h('p', { class: 'counter', 'aria-live': 'polite', id: 'ballot-counter' });
  const ranked = h('ol', { class: 'ranked', 'aria-labelledby': 'ranked-title' });
  const rest = h('ul', { class: 'unranked options', 'aria-labelledby': 'unranked-title' });
  let dragged = null;

  // Redraws both lists and puts the focus back on the control the resident was using.
  const draw = (focus) => {
    ranked.replaceChildren(...order.map((id, i) => rankedItem(byId.get(id), i)));
    rest.replaceChildren(...ideas.filter((i) => !order.includes(i.id)).map(unrankedItem));
    if (focus) (document.getElementById(focus) || ranked.querySelector('button') || rest.querySelector('button'))?.focus();
  };
  const say = (message) => { status.textContent = `${message} ${t('ballot.ranking.count', { count: order.length, max })}`; };
  const move = (id, to, why) => {
    order = order.filter((x) => x !== id);
    order.splice(to, 0, id);
    say(why || t('ballot.ranking.moved', { title: byId.get(id).title, position: to + 1 }));
  };

  function rankedItem(idea, i) {
    const button = (what, label, onclick, disabled) => h('button', { type: 'button', class: 'secondary small', id: `${what}-${idea.id}`,
      'aria-label': t(label, { title: idea.title }), disabled, onclick }, t(`${label}.short`));
    const item = h('li', { class: 'ranked-item', draggable: 'true', 'data-id': idea.id },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, String(i + 1)),
      h('span', { class: 'title' }, idea.title),
      h('span', { class: 'moves' },
        button('up', 'ballot.ranking.up', () => { move(idea.id, i - 1); draw(i - 1 === 0 ? `down-${idea.id}` : `up-${idea.id}`); }, i === 0),
        button('down', 'ballot.ranking.down', () => { move(idea.id, i + 1); draw(i + 1 === order.length - 1 ? `up-${idea.id}` : `down-${idea.id}`); }, i === order.length - 1),
        button('remove', 'ballot.ranking.remove', () => {
          order = order.filter((x) => x !== idea.id);
          say(t('ballot.ranking.removed', { title: idea.title }));
          draw(`add-${idea.id}`);
        }, false)));
    item.addEventListener('dragstart', (e) => { dragged = idea.id; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(idea.id)); });
    item.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; });
    item.addEventListener('drop', (e) => {
      e.preventDefault();
      if (dragged === null || dragged === idea.id) return;
      move(dragged, order.indexOf(idea.id));
      dragged = null;
      draw();
    });
    return item;
  }

  function unrankedItem(idea) {
    return h('li', {}, h('span', { class: 'title' }, idea.title), ' ',
      h('button', { type: 'button', class: 'secondary small', id: `add-${idea.id}`, disabled: order.length >= max,
        'aria-label': t('ballot.ranking.add', { title: idea.title }), onclick: () => {
          move(idea.id, order.length, t('ballot.ranking.added', { title: idea.title, position: order.length + 1 }));
          draw(`remove-${idea.id}`);
        } }, t('ballot.ranking.add.short')));
  }

  draw();
  say('');
  const node = h('fieldset', { class: 'ballot ballot-ranking' },
    h('legend', {}, t('ballot.ranking.legend', { count: max })),
    h('p', { class: 'hint' }, t('ballot.ranking.hint')),
    status,
    h('h3', { id: 'ranked-title' }, t('ballot.ranking.yours')), ranked,
    h('h3', { id: 'unranked-title' }, t('ballot.ranking.others')), rest);
  return {
    node,
    completeness: () => (order.length === 0 ? 'empty' : order.length < max ? 'partial' : 'full'),
    body: () => ({ ranking: [...order] }),
    cast: () => order.map((id) => ({ id })),
  };
}
