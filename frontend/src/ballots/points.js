// Points: distribute points_total among the ideas, at most max_per_idea each; the live region says
// how many are left, and more than the total keeps the ballot from being sent.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ideaLabel, summaryOf, moreAbout } from './parts.js';

export function create({ challenge, ideas, previous }) {
  const total = challenge.ballot.points_total ?? 10;
  const cap = Math.min(total, challenge.ballot.max_per_idea ?? total);
  const given = previous?.points || {};
  const counter = h('p', { class: 'counter', 'aria-live': 'polite', id: 'ballot-counter' });
  const inputs = ideas.map((idea) => h('input', {
    type: 'number', inputmode: 'numeric', min: 0, max: cap, step: 1, id: `points-${idea.id}`,
    value: String(given[idea.id] ?? 0), 'aria-describedby': 'ballot-counter', class: 'points-input',
  }));
  const value = (input) => Math.max(0, Math.floor(Number(input.value) || 0));
  const sum = () => inputs.reduce((s, input) => s + value(input), 0);
  const update = () => {
    const left = total - sum();
    counter.textContent = left >= 0 ? t('ballot.points.left', { count: left, total }) : t('ballot.points.over', { count: -left, total });
    counter.classList.toggle('error', left < 0);
    for (const input of inputs) input.setAttribute('aria-invalid', String(left < 0 || value(input) > cap));
  };
  for (const input of inputs) input.addEventListener('input', update);
  update();
  const node = h('fieldset', { class: 'ballot ballot-points' },
    h('legend', {}, t('ballot.points.legend', { total, cap })),
    counter,
    h('ul', { class: 'options' }, ideas.map((idea, i) => {
      const summary = summaryOf(idea.description);
      const summaryId = `${inputs[i].id}-summary`;
      if (summary.text) inputs[i].setAttribute('aria-describedby', `ballot-counter ${summaryId}`);
      return h('li', { class: 'option points-row', 'data-idea': idea.id },
        h('div', { class: 'points-line' }, ideaLabel(idea, inputs[i].id), inputs[i]),
        summary.text ? h('p', { class: 'option-summary', id: summaryId }, summary.text) : null,
        moreAbout(idea, summary));
    })));
  return {
    node,
    // An error: the ballot page refuses to send it and says why.
    invalid: () => (sum() > total || inputs.some((input) => value(input) > cap) ? t('ballot.points.invalid', { total, cap }) : null),
    completeness: () => (sum() === 0 ? 'empty' : sum() < total ? 'partial' : 'full'),
    body: () => ({ points: Object.fromEntries(ideas.map((idea, i) => [idea.id, value(inputs[i])]).filter(([, n]) => n > 0)) }),
    cast: () => ideas.map((idea, i) => ({ id: idea.id, points: value(inputs[i]) })).filter((x) => x.points > 0),
  };
}
