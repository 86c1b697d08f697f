// One idea: its text, category, cost and date; a hidden idea shows only that it was hidden and why.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { dateTime, money } from '../format.js';
import { isHidden } from '../vocabulary.js';
import { loadChallenge, backLink, noticeOf } from './common.js';

export async function render(view, { m, c, id }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge, zone }, idea] = await Promise.all([loadChallenge(m, c), api('GET', challengePath(m, c, `/ideas/${id}`))]);
  if (!ctx.current()) return;
  if (isHidden(idea)) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('idea.hidden')),
      idea.hidden_reason ? h('p', {}, t('idea.hidden_reason', { reason: idea.hidden_reason })) : null);
    return;
  }
  show(view,
    backLink(m, c, challenge),
    h('article', { class: 'idea-detail', 'data-id': idea.id },
      h('h1', {}, idea.title),
      noticeOf(ctx),
      h('dl', { class: 'facts' },
        idea.category ? [h('dt', {}, t('idea.category')), h('dd', {}, idea.category)] : null,
        idea.cost ? [h('dt', {}, t('idea.cost')), h('dd', {}, money(idea.cost))] : null,
        h('dt', {}, t('idea.created')), h('dd', {}, dateTime(idea.created_at, zone))),
      h('p', { class: 'description' }, idea.description)));
}
