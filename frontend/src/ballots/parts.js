// Pieces the ballot controls share: an idea's row, with what a resident needs to choose (its
// title and cost, the start of its description, and the whole text on demand without leaving the
// ballot), and the summary itself.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { money } from '../format.js';

const summaryLength = 140;

// The start of a description, cut at a word: {text, cut} (cut: there is more to read).
export function summaryOf(description) {
  const flat = String(description || '').replace(/\s+/g, ' ').trim();
  if ([...flat].length <= summaryLength) return { text: flat, cut: false };
  const head = [...flat].slice(0, summaryLength).join('');
  const space = head.lastIndexOf(' ');
  return { text: `${(space > summaryLength / 2 ? head.slice(0, space) : head).replace(/[\s,.;:]+$/, '')}…`, cut: true };
}

// "Leer más": the whole description (and category) in a disclosure, so nothing of the ballot's
// state is lost by reading it. Null when the summary already says it all.
export function moreAbout(idea, summary = summaryOf(idea.description)) {
  if (!summary.cut) return null;
  return h('details', { class: 'option-more' },
    h('summary', {}, t('ballot.more'), h('span', { class: 'visually-hidden' }, ` ${t('ballot.more_about', { title: idea.title })}`)),
    h('p', { class: 'description' }, idea.description),
    idea.category ? h('p', { class: 'muted' }, t('ballot.category', { category: idea.category })) : null);
}

// A checkbox's or radio's row: the control inside a label that spans the row (the whole row, at
// least 44 px tall, toggles it), named by the title and cost and described by the summary; then
// "Leer más", and a slot for a refusal beside this idea.
export function choiceRow(idea, control) {
  const summary = summaryOf(idea.description);
  const titleId = `${control.id}-title`;
  const summaryId = `${control.id}-summary`;
  control.setAttribute('aria-labelledby', titleId);
  const described = [control.getAttribute('aria-describedby'), summary.text ? summaryId : null].filter(Boolean).join(' ');
  if (described) control.setAttribute('aria-describedby', described);
  control.dataset.describedby = described;
  return h('li', { class: 'option', 'data-idea': idea.id },
    h('label', { class: 'option-row', for: control.id }, control,
      h('span', { class: 'option-text' },
        h('span', { class: 'option-title', id: titleId }, idea.title,
          idea.cost ? h('span', { class: 'cost' }, ' · ', money(idea.cost)) : null),
        summary.text ? h('span', { class: 'option-summary', id: summaryId }, summary.text) : null)),
    moreAbout(idea, summary));
}

// A label for an idea's control elsewhere (points): its title, and its cost when it has one.
export function ideaLabel(idea, forId) {
  return h('label', { for: forId }, idea.title,
    idea.cost ? h('span', { class: 'cost' }, ' · ', money(idea.cost)) : null);
}
