// Home: every municipality and its challenges, each with the phase open now and a countdown to
// its next deadline in the municipality's own time zone.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api, allPages } from '../api.js';
import { dateTime, duration, zoneName } from '../format.js';
import { nextDeadline, phaseBadges, timelineView } from '../timeline.js';

function countdown(challenge, zone) {
  const next = nextDeadline(challenge);
  if (!next) return null;
  const left = Date.parse(next.at) - Date.parse(challenge.now);
  return h('p', { class: 'countdown' },
    t(`deadline.${next.what}`), ' ', h('strong', {}, t('deadline.in', { time: duration(left) })),
    ' ', h('span', { class: 'muted' }, t('deadline.at', { at: dateTime(next.at, zone) })));
}

function challengeCard(m, challenge) {
  return h('article', { class: 'challenge card', 'data-slug': challenge.slug },
    h('h3', {}, h('a', { href: `/${m.slug}/${challenge.slug}` }, challenge.title)),
    phaseBadges(challenge),
    countdown(challenge, m.timezone),
    timelineView(challenge, m.timezone, { zoneLine: false }));
}

// The municipality's open-government exercises, one link each.
function exercisesList(m, exercises) {
  if (!exercises.length) return null;
  return h('div', { class: 'home-exercises' },
    h('h3', { id: `ex-${m.slug}` }, t('home.exercises')),
    h('ul', {}, exercises.map((e) => h('li', {},
      h('a', { href: `/${m.slug}/exercises/${e.slug}` }, e.title)))));
}

export async function render(view, params, ctx) {
  show(view, h('h1', {}, t('home.title')), h('p', { class: 'loading' }, t('loading')));
  const { municipalities } = await api('GET', '/municipalities');
  const [lists, exercises] = await Promise.all([
    Promise.all(municipalities.map((m) => api('GET', `/municipalities/${encodeURIComponent(m.slug)}/challenges`))),
    // The exercises are a line under the challenges: a refusal leaves them out, not the page. They
    // come 50 a page; every page is read (at most 20).
    Promise.all(municipalities.map((m) => allPages(`/municipalities/${encodeURIComponent(m.slug)}/exercises`, 'exercises')
      .catch(() => []))),
  ]);
  if (!ctx.current()) return;
  show(view,
    h('h1', {}, t('home.title')),
    h('p', { class: 'lead' }, t('home.lead')),
    ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null,
    municipalities.length === 0 ? h('p', {}, t('home.empty')) : null,
    municipalities.map((m, i) => h('section', { class: 'municipality', 'data-slug': m.slug, 'aria-labelledby': `m-${m.slug}` },
      h('h2', { id: `m-${m.slug}` }, m.name),
      h('p', { class: 'muted' }, [m.state, m.timezone ? zoneName(m.timezone) : null].filter(Boolean).join(' · ')),
      lists[i].challenges.length === 0 ? h('p', {}, t('home.no_challenges')) : null,
      lists[i].challenges.map((c) => challengeCard(m, c)),
      exercisesList(m, exercises[i]))));
}
