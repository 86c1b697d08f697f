// A challenge's public page: what it asks, its calendar, its ideas (searched, filtered and sorted
// on the device: the list is public and small), and what the resident can do now.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, money } from '../format.js';
import { getToken, getReceipt } from '../tokens.js';
import { phaseBadges, timelineView } from '../timeline.js';
import { loadChallenge, loadIdeas, isOpen, published } from './common.js';

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge, zone }, ideas] = await Promise.all([loadChallenge(m, c), loadIdeas(m, c)]);
  if (!ctx.current()) return;
  const token = getToken(m, c);
  show(view,
    h('article', { class: 'challenge', 'data-slug': c },
      h('h1', {}, challenge.title),
      phaseBadges(challenge),
      tokenLine(ctx, token),
      h('p', { class: 'description' }, challenge.description),
      categoriesView(challenge),
      actions(m, c, challenge, token),
      token ? null : takePart(m, c, challenge),
      h('section', { 'aria-labelledby': 'calendar' },
        h('h2', { id: 'calendar' }, t('challenge.calendar')), timelineView(challenge, zone)),
      ideasSection(m, c, challenge, ideas, zone)),
    h('p', { class: 'back' }, h('a', { href: '/' }, t('nav.home'))));
}

// The card's notice when the link was just opened, else a quiet reminder that a token is kept.
function tokenLine(ctx, token) {
  if (ctx.notice) return h('p', { class: `notice${token ? ' card-token' : ''}`, role: 'status' }, ctx.notice);
  return token ? h('p', { class: 'card-token muted' }, t('challenge.token_kept')) : null;
}

function categoriesView(challenge) {
  if (!challenge.categories?.length) return null;
  return h('p', { class: 'categories' }, h('strong', {}, t('challenge.categories')), ' ',
    challenge.categories.map((x) => h('span', { class: 'tag' }, x)));
}

// What is possible now, each as a link: only the phases the server says are open.
function actions(m, c, challenge, token) {
  const links = [];
  if (token && isOpen(challenge, 'submission')) links.push(h('a', { class: 'button', href: `/${m}/${c}/propose` }, t('action.propose')));
  if (token && isOpen(challenge, 'voting')) links.push(h('a', { class: 'button', href: `/${m}/${c}/vote` }, t('action.vote')));
  if (isOpen(challenge, 'consultation')) links.push(h('a', { class: 'button', href: `/${m}/${c}/survey` }, t('action.survey')));
  if (consultationClosed(challenge)) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/survey/results` }, t('action.survey_results')));
  if (getReceipt(m, c)) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/receipt` }, t('action.receipt')));
  if (published(challenge)) links.push(h('a', { class: 'button', href: `/${m}/${c}/results` }, t('action.results')));
  if (published(challenge)) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/progress` }, t('action.progress')));
  return links.length ? h('p', { class: 'actions' }, links) : null;
}

const consultationClosed = (challenge) => Boolean(challenge.timeline.consultation)
  && Date.parse(challenge.now || new Date().toISOString()) >= Date.parse(challenge.timeline.consultation.closes);

// Without a token: a card's QR code, or in an anonymous challenge the blind flow on this page.
function takePart(m, c, challenge) {
  const participating = ['consultation', 'submission', 'voting'].some((p) => isOpen(challenge, p));
  if (!participating) return null;
  const section = h('section', { class: 'take-part card', 'aria-labelledby': 'take-part' },
    h('h2', { id: 'take-part' }, t('takepart.title')));
  if (challenge.anonymity !== 'blind') {
    section.append(h('p', {}, t('takepart.card')));
    return section;
  }
  const start = h('button', { type: 'button', onclick: async () => {
    start.disabled = true;
    const { blindFlow } = await import('./blind-flow.js');
    blindFlow(section, m, c);
  } }, t('blind.start'));
  section.append(h('p', {}, t('blind.explain')), h('p', {}, start));
  return section;
}

function ideasSection(m, c, challenge, ideas, zone) {
  const list = h('ul', { class: 'ideas' });
  const count = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const search = h('input', { id: 'idea-search', type: 'search', autocomplete: 'off' });
  const category = h('select', { id: 'idea-category' },
    h('option', { value: '' }, t('ideas.all_categories')),
    (challenge.categories || []).map((x) => h('option', { value: x }, x)));
  const sort = h('select', { id: 'idea-sort' },
    h('option', { value: 'newest' }, t('ideas.sort.newest')), h('option', { value: 'title' }, t('ideas.sort.title')));
  const update = () => {
    const shown = filtered(ideas, search.value, category.value, sort.value);
    list.replaceChildren(...shown.map((i) => ideaItem(m, c, i, zone)));
    count.textContent = t('ideas.count', { count: shown.length, total: ideas.length });
  };
  for (const control of [search, category, sort]) control.addEventListener('input', update);
  update();
  return h('section', { 'aria-labelledby': 'ideas' },
    h('h2', { id: 'ideas' }, t('ideas.title')),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'idea-search' }, t('ideas.search')), search),
      challenge.categories?.length ? h('div', { class: 'field' }, h('label', { for: 'idea-category' }, t('ideas.category')), category) : null,
      h('div', { class: 'field' }, h('label', { for: 'idea-sort' }, t('ideas.sort')), sort)),
    count, list);
}

// Accents and case do not matter: "ciclovia" finds "Ciclovía".
const fold = (s) => (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function filtered(ideas, query, category, sort) {
  const q = fold(query.trim());
  const shown = ideas.filter((i) => (!category || i.category === category)
    && (!q || fold(i.title).includes(q) || fold(i.description).includes(q)));
  if (sort === 'title') return shown.sort((a, b) => a.title.localeCompare(b.title));
  return shown.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
}

function ideaItem(m, c, idea, zone) {
  return h('li', { class: 'idea card', 'data-id': idea.id },
    h('h3', {}, h('a', { href: `/${m}/${c}/ideas/${idea.id}` }, idea.title)),
    h('p', { class: 'muted' }, [idea.category, idea.cost ? money(idea.cost) : null, dateTime(idea.created_at, zone)]
      .filter(Boolean).join(' · ')));
}
