// A challenge's public page: what it asks, its calendar, its ideas (searched, filtered and sorted
// on the device: the list is public and small), and what the resident can do now.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, money } from '../format.js';
import { navigate } from '../router.js';
import { setNotice } from '../notice.js';
import { ask } from '../dialog.js';
import { getToken, getCode, setToken, getReceipt, getPendingBlind, cardLabel, cardCode, redeemCode, offeredCard, refusedCardCode,
  forgetDevice } from '../tokens.js';
import { refusalText } from '../refusal.js';
import { phaseBadges, timelineView } from '../timeline.js';
import { isBlind, isPublished, phase } from '../vocabulary.js';
import { loadChallenge, loadIdeas, isOpen, shortCode, forgetSection, fieldForm, alertBox } from './common.js';

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge, zone }, ideas] = await Promise.all([loadChallenge(m, c), loadIdeas(m, c)]);
  if (!ctx.current()) return;
  const token = getToken(m, c);
  const code = getCode(m, c);
  const receipt = getReceipt(m, c);
  // A card's link whose code the server refused: beside the code's field, or on top when this
  // device already has a card (and so no field).
  const refused = refusedCardCode(m, c);
  show(view,
    h('article', { class: 'challenge', 'data-slug': c },
      h('h1', {}, challenge.title),
      phaseBadges(challenge),
      token && refused ? alertBox(t('card.link_refused', { code: refused.code, reason: codeRefusal(refused.error) })) : null,
      tokenLine(ctx, token, code),
      votedLine(receipt),
      h('p', { class: 'description' }, challenge.description),
      categoriesView(challenge),
      actions(m, c, challenge, token, receipt),
      token ? null : takePart(m, c, challenge, refused),
      h('section', { 'aria-labelledby': 'calendar' },
        h('h2', { id: 'calendar' }, t('challenge.calendar')), timelineView(challenge, zone)),
      ideasSection(m, c, challenge, ideas, zone),
      forgetSection(m, c, challenge)),
    h('p', { class: 'back' }, h('a', { href: '/' }, t('nav.home'))));
  const offer = offeredCard(m, c);
  if (offer) askAboutCard(m, c, { token, code }, offer);
}

// The card in use on this device, by its label ("Tarjeta ABCD-EFGH-JKMN", or "…K3F9" for a token
// that came without its code), after the card's notice when its link was just opened.
function tokenLine(ctx, token, code) {
  const notice = ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null;
  if (!token) return notice;
  return [notice, h('p', { class: 'card-token muted' }, t('challenge.card_in_use', { card: cardLabel(token, code) }))];
}

// "Ya votaste", from the receipt this device keeps.
function votedLine(receipt) {
  if (!receipt) return null;
  return h('p', { class: 'voted' }, h('strong', {}, t('challenge.voted')), ' ',
    t('challenge.voted_receipt', { code: shortCode(receipt.receipt) }));
}

// Another card's link was opened on a device that keeps a card for this challenge: which one to
// use is asked, never decided for the person (whoever votes with a card speaks for its owner).
async function askAboutCard(m, c, mine, theirs) {
  const label = (card) => cardLabel(card.token, card.code);
  const answer = await ask({
    title: t('card.offer.title'),
    text: [t('card.offer.text', { mine: label(mine), theirs: label(theirs) }), t('card.offer.why')],
    choices: [{ value: 'keep', label: t('card.offer.keep', { card: label(mine) }), kind: 'secondary' },
      { value: 'use', label: t('card.offer.use', { card: label(theirs) }) }],
  });
  if (answer === 'use') {
    // The receipt and answers kept belong to the other card: they go with it.
    forgetDevice(m, c);
    setNotice(setToken(m, c, theirs.token, theirs.code) ? t('card.replaced', { card: label(theirs) }) : t('card.not_saved'));
  } else {
    setNotice(t('card.kept', { card: label(mine) }));
  }
  navigate(`/${m}/${c}`, { replace: true });
}

function categoriesView(challenge) {
  if (!challenge.categories?.length) return null;
  return h('p', { class: 'categories' }, h('strong', {}, t('challenge.categories')), ' ',
    challenge.categories.map((x) => h('span', { class: 'tag' }, x)));
}

// What is possible now, each as a link: only the phases the server says are open. The vote leads;
// once this device keeps a receipt it is "Ver o cambiar mi voto".
function actions(m, c, challenge, token, receipt) {
  const links = [];
  if (token && isOpen(challenge, phase.voting))
    links.push(h('a', { class: 'button', href: `/${m}/${c}/vote` }, t(receipt ? 'action.change_vote' : 'action.vote')));
  if (token && isOpen(challenge, phase.submission)) links.push(h('a', { class: 'button', href: `/${m}/${c}/propose` }, t('action.propose')));
  if (isOpen(challenge, phase.consultation)) links.push(h('a', { class: 'button', href: `/${m}/${c}/survey` }, t('action.survey')));
  if (consultationClosed(challenge)) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/survey/results` }, t('action.survey_results')));
  if (receipt) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/receipt` }, t('action.receipt')));
  if (isPublished(challenge)) links.push(h('a', { class: 'button', href: `/${m}/${c}/results` }, t('action.results')));
  if (isPublished(challenge)) links.push(h('a', { class: 'button secondary', href: `/${m}/${c}/progress` }, t('action.progress')));
  return links.length ? h('p', { class: 'actions' }, links) : null;
}

const consultationClosed = (challenge) => Boolean(challenge.timeline.consultation)
  && Date.parse(challenge.now || new Date().toISOString()) >= Date.parse(challenge.timeline.consultation.closes);

// A refused card code in the person's words: an unknown code, a card given up, too many tries.
const codeRefusal = (error) => refusalText(error, { label: t('code.label') });

// The field where a resident types the short code printed on their card (the way in when the
// camera cannot read the QR code): forgiving of case, spaces and dashes, grouped as printed while it
// is typed; the server's refusal beside it. `refused` is a link's code the server refused.
function codeForm(m, c, refused) {
  const { form, control, fail } = fieldForm({
    id: 'card-code', label: t('code.label'), hint: t('code.hint'), button: t('code.submit'), className: 'card-code-form',
    value: refused?.code ?? '',
    input: { autocapitalize: 'characters', maxlength: 20, inputmode: 'text', class: 'code-input' },
    refusal: codeRefusal,
    run: async (typed) => {
      const code = cardCode(typed);
      if (!code) throw { said: t(typed.trim() ? 'code.malformed' : 'code.empty') };
      const card = await redeemCode(m, c, code);
      setNotice(setToken(m, c, card.token, card.code) ? t('code.saved', { code: card.code }) : t('card.not_saved'));
      navigate(`/${m}/${c}`, { replace: true });
      return null;
    },
  });
  // Grouped as printed while typed at the end ("ABCD-EF…"); an edit in the middle is left alone.
  control.addEventListener('input', () => {
    if (control.selectionStart !== control.value.length) return;
    const plain = control.value.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 12);
    const grouped = plain.replace(/(.{4})(?=.)/g, '$1-');
    if (grouped !== control.value) control.value = grouped;
  });
  if (refused) queueMicrotask(() => fail(codeRefusal(refused.error)));
  return [h('h3', { id: 'card-code-title' }, t('code.title')), form];
}

// Without a token: a card (its QR code, or its short code typed here), or in an anonymous
// challenge the blind flow on this page, picked up again at once when this device keeps a request
// on its way.
function takePart(m, c, challenge, refused) {
  const participating = [phase.consultation, phase.submission, phase.voting].some((p) => isOpen(challenge, p));
  if (!participating) return null;
  const section = h('section', { class: 'take-part card', 'aria-labelledby': 'take-part' },
    h('h2', { id: 'take-part' }, t('takepart.title')));
  const typed = h('div', { class: 'take-part-code' }, codeForm(m, c, refused));
  if (!isBlind(challenge)) {
    section.append(h('p', {}, t('takepart.card')), typed);
    return section;
  }
  // Anonymous challenges give printed cards too (a kiosk, a batch): their code works the same.
  const blind = h('div', { class: 'take-part-blind' });
  section.append(blind, typed);
  const pending = getPendingBlind(m, c);
  if (pending?.state && pending.code) {
    blind.append(h('p', { 'aria-live': 'polite' }, t('blind.preparing')));
    import('./blind-flow.js').then(({ resumeBlindFlow }) => resumeBlindFlow(blind, m, c, pending));
    return section;
  }
  const start = h('button', { type: 'button', onclick: async () => {
    start.disabled = true;
    const { blindFlow } = await import('./blind-flow.js');
    blindFlow(blind, m, c);
  } }, t('blind.start'));
  blind.append(h('p', {}, t('blind.explain')), h('p', {}, start));
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
