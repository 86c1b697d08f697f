// The municipality's challenges, each with its phase and links to its pages; an issuer sees
// only the links to the desk, a verifier only those to the commitments.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { dateTime } from '../format.js';
import { municipality } from './data.js';

// The page a challenge's title opens: the only one the key may see, or the editor.
const firstPage = { issuer: 'desk', verifier: 'commitments' };

function item(who, c, zone) {
  return h('li', { class: 'card org-challenge' },
    h('h2', {}, h('a', { href: `/organiser/${c.slug}/${firstPage[who.role] || 'edit'}` }, c.title)),
    h('p', { class: 'muted' }, t('org.list.slug', { slug: c.slug }), ' · ',
      t('org.list.voting', { closes: dateTime(c.timeline.voting.closes, zone) })),
  );
}

export async function render(view, { who, bar }) {
  const [mun, list] = await Promise.all([municipality(who),
    api('GET', `/municipalities/${encodeURIComponent(who.municipality)}/challenges`, { key: who.key })]);
  show(view, bar,
    h('h1', {}, t('org.challenges.title', { municipality: mun.name })),
    who.role === 'organiser' ? h('p', { class: 'actions' }, h('a', { class: 'button', href: '/organiser/new' }, t('org.challenges.new')), ' ',
      h('a', { class: 'button secondary', href: '/organiser/exercises' }, t('org.exercises.nav'))) : null,
    list.challenges.length ? h('ul', { class: 'org-list' }, list.challenges.map((c) => item(who, c, mun.timezone)))
      : h('p', {}, t('org.challenges.empty')));
}
