// Pieces the ballot controls share.
import { h } from '../dom.js';
import { money } from '../format.js';

// The label of an idea's control: its title, and its cost when it has one.
export function ideaLabel(idea, forId) {
  return h('label', { for: forId }, idea.title,
    idea.cost ? h('span', { class: 'cost' }, ' · ', money(idea.cost)) : null);
}
