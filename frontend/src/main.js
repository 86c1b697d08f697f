// The web app's shell: header with the language choice, the page, the footer. Pages are loaded
// on first visit (router.js); the organiser's side is one more chunk a resident never downloads.
import { h, show } from './dom.js';
import { t, setLocale, preferredLocale, locale, locales } from './i18n.js';
import { route, match, start } from './router.js';
import { takeCardLink, cardFromLink } from './tokens.js';
import { setNotice, takeNotice } from './notice.js';
import { prefetch, challengePath, ApiError } from './api.js';
import { refusalText } from './refusal.js';
// Every resident page builds on these two: loaded (and preloaded by index.html) with the shell,
// so a page's module is the last round trip before it shows, not the one before last.
import './pages/common.js';
import './format.js';
// The ranking list is shared by the ballot and the survey: in the shell, so a first visit to the
// ballot does not wait for one more chunk after the page's own.
import './ballots/ranking.js';

route('/', () => import('./pages/home.js'));
route('/organiser', () => import('./organiser/index.js'));
route('/organiser/*', () => import('./organiser/index.js'));
// Before the challenge's pages: `exercises` is a literal here, never a challenge's slug.
route('/:m/exercises/:e', () => import('./pages/exercise.js'));
route('/:m/:c', () => import('./pages/challenge.js'));
route('/:m/:c/ideas/:id', () => import('./pages/idea.js'));
route('/:m/:c/propose', () => import('./pages/propose.js'));
route('/:m/:c/vote', () => import('./pages/vote.js'));
route('/:m/:c/receipt', () => import('./pages/receipt.js'));
route('/:m/:c/results', () => import('./pages/results.js'));
route('/:m/:c/progress', () => import('./pages/progress.js'));
route('/:m/:c/progress/:id', () => import('./pages/progress.js'));
route('/:m/:c/survey', () => import('./pages/survey.js'));
route('/:m/:c/survey/results', () => import('./pages/survey-results.js'));

let view;

function languagePicker() {
  const select = h('select', {
    id: 'language',
    onchange: async () => {
      await setLocale(select.value);
      layout();
      render();
    },
  }, locales.map((l) => h('option', { value: l, selected: l === locale() }, t(`language.${l}`))));
  return h('p', { class: 'language' }, h('label', { for: 'language' }, t('language.label')), ' ', select);
}

function layout() {
  document.title = t('app.title');
  view = h('main', { id: 'view' });
  const app = document.getElementById('app');
  app.replaceChildren(
    h('a', { class: 'skip', href: '#view' }, t('app.skip')),
    h('header', { class: 'site' },
      h('a', { class: 'brand', href: '/' }, t('app.name')),
      h('nav', { 'aria-label': t('app.nav') },
        h('a', { href: '/' }, t('nav.home')), ' ', h('a', { href: '/organiser' }, t('nav.organiser'))),
      languagePicker()),
    view,
    h('footer', { class: 'site' },
      h('p', {}, t('app.footer'), ' ',
        h('a', { href: '/api/v1/openapi.json' }, t('app.api')))));
}

let rendering = 0;
async function render() {
  const ticket = ++rendering;
  const found = match(location.pathname);
  if (!found) {
    show(view, h('h1', {}, t('notfound.title')), h('p', {}, t('notfound.text')), h('a', { href: '/' }, t('nav.home')));
    return;
  }
  try {
    const page = await found.load();
    if (ticket !== rendering) return; // another navigation started meanwhile
    await page.render(view, found.params, { notice: takeNotice(), current: () => ticket === rendering });
  } catch (e) {
    if (ticket !== rendering) return;
    // A refusal in the person's words; anything else (a module that did not load) in general words.
    show(view, h('h1', {}, t('error.title')), h('p', { class: 'error', role: 'alert' },
      e instanceof ApiError ? refusalText(e) : t('error.load')));
  }
}

// What the first page of a challenge will ask for (pages/common.js), asked for at once.
function prefetchFirstPage() {
  const found = match(location.pathname);
  const { m, c } = found?.params || {};
  if (!m || !c || m === 'organiser') return;
  prefetch(challengePath(m, c));
  prefetch(`/municipalities/${m}`);
  if (/^\/[^/]+\/[^/]+(\/vote)?\/?$/.test(location.pathname)) prefetch(challengePath(m, c, '/ideas?limit=100'));
  if (/^\/[^/]+\/[^/]+\/survey(\/results)?\/?$/.test(location.pathname)) prefetch(challengePath(m, c, '/survey'));
  found.load().catch(() => {}); // the page's module too; render() reports a failure
}

async function main() {
  const link = takeCardLink();
  prefetchFirstPage();
  // A card's code is turned into its token while the language loads.
  const [card] = await Promise.all([link ? cardFromLink(link) : null, setLocale(preferredLocale())]);
  // A different card than the one kept is asked about on the challenge page, a refused code shown
  // beside its field there (tokens.js).
  if (card?.token && !card.offered) setNotice(t(card.same ? 'card.same' : card.saved ? 'card.saved' : 'card.not_saved'));
  layout();
  start(render);
}

main();
