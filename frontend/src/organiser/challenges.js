// The municipality's challenges, each with its status and the phases open now in words and links
// to its pages; an issuer sees only the links to the desk, a verifier only those to the commitments.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api } from '../api.js';
import { dateTime, number } from '../format.js';
import { statusOf } from '../timeline.js';
import { role } from '../vocabulary.js';
import { municipality, path } from './data.js';

// The page a challenge's title opens: the only one the key may see, or the editor.
const firstPage = { [role.issuer]: 'desk', [role.verifier]: 'commitments' };

// "Estado: Abierto. Abiertas ahora: Ideas y Votación."
function statusLine(c) {
  const open = (c.open_phases || []).map((p) => t(`phase.${p}`));
  return h('p', { class: 'org-status', 'data-status': statusOf(c) },
    h('strong', {}, t('org.list.status', { status: t(`status.${statusOf(c)}`) })), ' ',
    open.length ? t('org.list.open', { count: open.length, phases: new Intl.ListFormat(locale(), { type: 'conjunction' }).format(open) })
      : t('org.list.none_open'));
}

// How far participation has come (`GET …/turnout`, organisers and the admin only): keys issued and
// revoked, people who voted, ideas, and the consultation's responses when it has one. Every figure
// only grows, so it says nothing of a person revoked. A refusal leaves the line out, not the list.
function turnoutLine(c, x) {
  if (!x) return null;
  const part = (key, n) => t(`org.list.turnout.${key}`, { count: n, n: number(n) });
  const issued = Number(x.tokens_issued) || 0;
  const revoked = Number(x.tokens_revoked) || 0;
  const parts = [
    revoked ? `${part('tokens', issued)} (${part('revoked', revoked)})` : part('tokens', issued),
    part('voters', Number(x.voters) || 0),
    part('ideas', Number(x.ideas) || 0),
    c.timeline?.consultation ? part('responses', Number(x.survey_responses) || 0) : null,
  ].filter(Boolean);
  return h('p', { class: 'org-turnout' }, h('strong', {}, t('org.list.turnout.label')), ' ', `${parts.join(' · ')}.`);
}

function item(who, c, zone, turnout) {
  return h('li', { class: 'card org-challenge', 'data-slug': c.slug },
    h('h2', {}, h('a', { href: `/organiser/${c.slug}/${firstPage[who.role] || 'edit'}` }, c.title)),
    statusLine(c),
    turnoutLine(c, turnout),
    h('p', { class: 'muted' }, t('org.list.slug', { slug: c.slug }), ' · ',
      t('org.list.voting', { closes: dateTime(c.timeline.voting.closes, zone) })),
  );
}

export async function render(view, { who, bar }) {
  const [mun, list] = await Promise.all([municipality(who),
    api('GET', `/municipalities/${encodeURIComponent(who.municipality)}/challenges`, { key: who.key })]);
  const sees = who.role === role.organiser || who.role === role.admin;
  const turnout = await Promise.all(list.challenges.map((c) => (sees
    ? api('GET', path(who, c.slug, '/turnout'), { key: who.key }).catch(() => null) : null)));
  show(view, bar,
    h('h1', {}, t('org.challenges.title', { municipality: mun.name })),
    who.role === role.organiser ? h('p', { class: 'actions' }, h('a', { class: 'button', href: '/organiser/new' }, t('org.challenges.new')), ' ',
      h('a', { class: 'button secondary', href: '/organiser/exercises' }, t('org.exercises.nav'))) : null,
    list.challenges.length ? h('ul', { class: 'org-list' }, list.challenges.map((c, i) => item(who, c, mun.timezone, turnout[i])))
      : h('p', {}, t('org.challenges.empty')));
}
