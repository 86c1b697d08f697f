// The challenge's public audit log, a page at a time (next_after), newest entries last.
import { h, show } from '../dom.js';
import { t, has } from '../i18n.js';
import { api } from '../api.js';
import { dateTime } from '../format.js';
import { challenge as loadChallenge, path } from './data.js';

// A known action in words; a newer one the app has no words for shows as the server names it.
function actionName(action) {
  const key = `org.audit.action.${action}`;
  return has(key) ? t(key) : action;
}

function row(entry, zone) {
  return h('tr', {}, h('td', {}, dateTime(entry.at, zone)), h('td', {}, t(`org.actor.${entry.actor}`)),
    h('td', { 'data-action': entry.action }, actionName(entry.action)),
    h('td', {}, h('code', { class: 'org-detail' }, JSON.stringify(entry.detail ?? {}))));
}

export async function render(view, { who, c, bar, nav }) {
  const { zone, challenge: doc } = await loadChallenge(who, c);
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary' }, t('org.audit.more'));
  let after = null;
  const load = async () => {
    const page = await api('GET', path(who, c, `/audit?limit=50${after ? `&after=${after}` : ''}`), { key: who.key });
    body.append(...page.entries.map((e) => row(e, zone)));
    after = page.next_after;
    more.hidden = !after;
  };
  more.addEventListener('click', load);
  await load();
  show(view, bar, nav, h('h1', {}, t('org.audit.title', { title: doc.title })), h('p', {}, t('org.audit.lead')),
    h('div', { class: 'org-scroll', tabindex: '0', role: 'region', 'aria-label': t('org.audit.title', { title: doc.title }) },
      h('table', { class: 'audit' },
        h('thead', {}, h('tr', {}, ['at', 'actor', 'action', 'detail'].map((k) => h('th', { scope: 'col' }, t(`org.audit.col.${k}`))))), body)),
    more);
}
