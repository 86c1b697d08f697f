// The organiser's side: /organiser/… pages, one module each. The key decides what shows: an
// admin manages municipalities and keys, an organiser runs its municipality's challenges, an
// issuer (a desk) sees only the desk, a verifier only the verification of commitments.
import { h, show } from '../dom.js';
import { t, register } from '../i18n.js';
import { role } from '../vocabulary.js';
import { current, logOut } from './session.js';
import { loginPage } from './login.js';
import { municipality } from './data.js';

const registered = register({
  'es-MX': async () => (await import('../../locales/organiser.es-MX.json')).default,
  en: async () => (await import('../../locales/organiser.en.json')).default,
});

const pages = {
  '': (who) => (who.role === role.admin ? import('./admin.js') : import('./challenges.js')),
  new: () => import('./editor.js'),
  edit: () => import('./editor.js'),
  survey: () => import('./survey.js'),
  moderation: () => import('./moderation.js'),
  desk: () => import('./desk.js'),
  count: () => import('./count.js'),
  audit: () => import('./audit.js'),
  commitments: () => import('./commitments.js'),
  exercises: () => import('./exercises.js'),
  tables: () => import('./tables.js'),
  table: () => import('./table.js'),
};

// 'presupuesto-2026/desk' → {page: 'desk', c: 'presupuesto-2026'}; 'new' → {page: 'new'};
// 'exercises/apertura-2026' → {page: 'exercises', e: 'apertura-2026'}.
function parse(rest) {
  const parts = (rest || '').split('/').filter(Boolean);
  if (parts.length === 0) return { page: '' };
  // The municipality's exercises: 'exercises' and 'exercises/apertura-2026'.
  if (parts[0] === 'exercises' && parts.length <= 2) return { page: 'exercises', e: parts[1] };
  if (parts.length === 1) return { page: parts[0] };
  return { c: parts[0], page: parts[1] };
}

// An issuer's key may open only the desk; a verifier's only the commitments (to verify them);
// an admin only its own page; a table officer's only its table's page, of its own challenge; the
// officer's page is no organiser's (it needs an officer's key and table).
function allowed(who, page, c) {
  if (who.role === role.issuer) return page === 'desk' || page === '';
  if (who.role === role.verifier) return page === 'commitments' || page === '';
  if (who.role === role.admin) return page === '';
  if (who.role === role.officer) return page === 'table' && c === who.challenge;
  return page !== 'table';
}

// An officer's start page is its table's: /organiser opens /organiser/{its challenge}/table.
function officerHome(who, where) {
  if (who.role !== role.officer || where.page !== '' || !who.challenge) return where;
  history.replaceState(null, '', `/organiser/${who.challenge}/table`);
  return { page: 'table', c: who.challenge };
}

// The key's role and its municipality by name ("Organizador de Hermosillo."), never its slug.
export function bar(who, again) {
  return h('div', { class: 'org-bar' },
    h('p', {}, t(`org.role.${who.role}`, { municipality: who.municipalityName || who.municipality || '' })),
    h('button', { type: 'button', class: 'secondary', onclick: () => { logOut(); again(); } }, t('org.logout')));
}

export function challengeNav(who, c, here) {
  const items = { [role.issuer]: ['desk'], [role.verifier]: ['commitments'], [role.officer]: ['table'] }[who.role] ||
    ['edit', 'survey', 'moderation', 'desk', 'tables', 'count', 'commitments', 'audit'];
  return h('nav', { class: 'org-nav', 'aria-label': t('org.nav.label') },
    h('ul', {}, who.role === role.officer ? null : h('li', {}, h('a', { href: '/organiser' }, t('org.nav.challenges'))),
      items.map((p) => h('li', {}, h('a', { href: `/organiser/${c}/${p}`, 'aria-current': p === here ? 'page' : null },
        t(`org.nav.${p}`))))));
}

export async function render(view, params, ctx) {
  await registered;
  const again = () => render(view, params, ctx);
  const who = await current();
  if (!who) return loginPage(view, again);
  if (who.municipality && !who.municipalityName)
    who.municipalityName = await municipality(who).then((m) => m.name, () => who.municipality);
  const { page, c, e } = officerHome(who, parse(params.rest));
  const load = pages[page];
  if (!load) return show(view, bar(who, again), h('h1', {}, t('org.notfound')), h('a', { href: '/organiser' }, t('org.nav.challenges')));
  if (!allowed(who, page, c)) {
    return show(view, bar(who, again), h('h1', {}, t('org.refused.title')),
      h('p', { class: 'alert', role: 'alert' }, t(`org.refused.${who.role}`)),
      h('a', { href: '/organiser' }, t('org.nav.challenges')));
  }
  const module = await load(who);
  // Drawn off-screen, then shown only if no other navigation started meanwhile: a slow answer
  // must not replace the page the organiser has moved on to.
  const staging = h('div', {});
  await module.render(staging, { who, c, e, page, again, bar: bar(who, again), nav: c ? challengeNav(who, c, page) : null });
  if (ctx?.current && !ctx.current()) return undefined;
  return show(view, [...staging.childNodes]);
}
