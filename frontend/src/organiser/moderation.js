// The moderation queue: every idea, hidden ones included and marked; hide and restore each
// with a reason, which the public audit log keeps.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { field, showError, status } from './form.js';
import { path, challenge as loadChallenge } from './data.js';
import { ideaAction, isHidden } from '../vocabulary.js';

// README "Limits": a moderation reason has up to 500 characters.
const reasonLimit = 500;

async function allIdeas(who, c) {
  const ideas = [];
  let after = null;
  do {
    const page = await api('GET', path(who, c, `/ideas?include_hidden=true&limit=200${after ? `&after=${after}` : ''}`), { key: who.key });
    ideas.push(...page.ideas);
    after = page.next_after;
  } while (after);
  return ideas;
}

function ideaItem(who, c, idea, again) {
  const hidden = isHidden(idea);
  const action = hidden ? ideaAction.restore : ideaAction.hide;
  const reason = h('input', { name: 'reason', required: true, id: `reason-${idea.id}` });
  const form = h('form', { class: 'org-moderate', onsubmit: async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) return showError(form, { field: 'reason', message: t('org.moderation.reason_needed'), plain: true });
    try {
      await api('POST', path(who, c, `/ideas/${idea.id}/moderation`), { key: who.key, body: { action, reason: reason.value.trim() } });
      pending = t(hidden ? 'org.moderation.restored' : 'org.moderation.hidden_done', { title: idea.title || idea.id });
      again();
    } catch (e) {
      showError(form, e);
    }
  } },
  field(t('org.moderation.reason'), reason, { name: 'reason', max: reasonLimit }),
  h('button', { type: 'submit', class: hidden ? null : 'danger' }, t(`org.moderation.${action}`),
    h('span', { class: 'visually-hidden' }, ` ${idea.title || idea.id}`)));
  return h('li', { class: `card idea${hidden ? ' is-hidden' : ''}`, 'data-id': idea.id },
    h('h2', {}, idea.title || t('org.moderation.untitled', { id: idea.id }),
      hidden ? h('span', { class: 'org-mark' }, ` ${t('org.moderation.hidden')}`) : null),
    hidden && idea.hidden_reason ? h('p', { class: 'muted' }, t('org.moderation.why', { reason: idea.hidden_reason })) : null,
    idea.description ? h('p', {}, idea.description) : null, form);
}

// What the last hide or restore did, shown on the list it leaves.
let pending = null;

export async function render(view, { who, c, bar, nav, again }) {
  const [ideas, { challenge: doc }] = await Promise.all([allIdeas(who, c), loadChallenge(who, c)]);
  const notice = pending;
  pending = null;
  const hiddenCount = ideas.filter(isHidden).length;
  show(view, bar, nav, h('h1', {}, t('org.moderation.title', { title: doc.title })),
    notice ? status(notice) : null,
    h('p', { class: 'org-moderation-count' }, t('org.moderation.count', { count: ideas.length,
      hidden: t('org.moderation.hidden_count', { count: hiddenCount }) })),
    ideas.length ? h('ul', { class: 'org-list' }, ideas.map((i) => ideaItem(who, c, i, again))) : h('p', {}, t('org.moderation.empty')));
}
