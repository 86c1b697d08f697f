// The count from the close of voting (the organiser's key reads it early) and the announcement,
// which publishes it; both use the server's clock, never the browser's.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { number, dateTime } from '../format.js';
import { challenge as loadChallenge, path } from './data.js';
import { tieText } from '../shared.js';
import { isPublished } from '../vocabulary.js';
import { showError, status } from './form.js';

function ranking(results) {
  return h('table', { class: 'count' },
    h('caption', {}, t('org.count.caption', { count: results.ballots })),
    h('thead', {}, h('tr', {}, ['rank', 'idea', 'score', 'winner'].map((k) => h('th', { scope: 'col' }, t(`org.count.col.${k}`))))),
    h('tbody', {}, results.ranking.map((r) => h('tr', { class: r.winner ? 'winner' : null },
      h('td', {}, number(r.rank)), h('td', {}, r.title || t('org.count.hidden', { id: r.idea })), h('td', {}, number(r.score)),
      h('td', {}, r.winner ? t('org.count.yes') : t('org.count.no'))))));
}

// Each tie in words with the ideas' titles, as the public results say it.
function ties(results) {
  if (!results.ties?.length) return null;
  const titles = new Map(results.ranking.map((r) => [r.idea, r.title || t('org.count.hidden', { id: r.idea })]));
  return h('section', {}, h('h2', {}, t('org.count.ties')),
    h('ul', { class: 'org-ties' }, results.ties.map((tie) => h('li', {}, tieText(results, tie, titles)))));
}

// Publishing cannot be undone, so the button waits for a ticked confirmation.
function announceForm(who, c, again) {
  const sure = h('input', { type: 'checkbox', id: 'announce-sure', required: true });
  const form = h('form', { class: 'card org-announce', onsubmit: async (event) => {
    event.preventDefault();
    if (!sure.checked) return showError(form, { field: 'sure', plain: true, message: t('org.count.sure_needed') });
    try {
      await api('POST', path(who, c, '/announcement'), { key: who.key });
      pending = t('org.count.announced_now');
      again();
    } catch (e) {
      showError(form, e);
    }
  } },
  h('p', {}, t('org.count.announce_lead')),
  h('div', { class: 'org-check' }, sure, h('label', { for: 'announce-sure' }, t('org.count.sure'))),
  h('button', { type: 'submit' }, t('org.count.announce')));
  sure.dataset.field = 'sure';
  return form;
}

let pending = null;

export async function render(view, { who, c, bar, nav, again }) {
  const { zone, challenge: doc } = await loadChallenge(who, c);
  const closes = doc.timeline.voting.closes;
  const heading = h('h1', {}, t('org.count.title', { title: doc.title }));
  const notice = pending;
  pending = null;
  if (Date.parse(doc.now) < Date.parse(closes)) {
    return show(view, bar, nav, heading, h('p', {}, t('org.count.not_yet')));
  }
  const results = await api('GET', path(who, c, '/results'), { key: who.key });
  const published = isPublished(doc) || Boolean(notice);
  show(view, bar, nav, heading,
    notice ? status(notice) : null,
    published ? h('p', {}, t('org.count.announced')) : h('p', {}, t('org.count.unpublished', { at: dateTime(doc.timeline.announcement, zone) })),
    ranking(results), ties(results),
    published ? h('p', {}, h('a', { href: `/${who.municipality}/${c}/results` }, t('org.count.public'))) : announceForm(who, c, again));
}
