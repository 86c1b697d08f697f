// The municipality's challenges, each with its status and the phases open now in words and links
// to its pages; an issuer sees only the links to the desk, a verifier only those to the commitments.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api } from '../api.js';
import { dateTime, number } from '../format.js';
import { statusOf } from '../timeline.js';
import { municipality } from './data.js';

// The page a challenge's title opens: the only one the key may see, or the editor.
const firstPage = { issuer: 'desk', verifier: 'commitments' };

// "Estado: Abierto. Abiertas ahora: Ideas y Votación."
function statusLine(c) {
  const open = (c.open_phases || []).map((p) => t(`phase.${p}`));
  return h('p', { class: 'org-status', 'data-status': statusOf(c) },
    h('strong', {}, t('org.list.status', { status: t(`status.${statusOf(c)}`) })), ' ',
    open.length ? t('org.list.open', { count: open.length, phases: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(open) })
      : t('org.list.none_open'));
}

// Turnout (ballots cast, ideas, cards used) per challenge: the server will add these figures to the
// challenge list; until then nothing is shown. This is their place.
function turnoutLine(c) {
  const x = c.turnout;
  if (!x) return null;
  return h('p', { class: 'org-turnout' }, t('org.list.turnout', { count: Number(x.ballots) || 0, ballots: number(Number(x.ballots) || 0) }));
}

function item(who, c, zone) {
  return h('li', { class: 'card org-challenge', 'data-slug': c.slug },
    h('h2', {}, h('a', { href: `/organiser/${c.slug}/${firstPage[who.role] || 'edit'}` }, c.title)),
    statusLine(c),
    turnoutLine(c),
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
