// The public page: every municipality and its challenges, with the phases open now and the
// timeline shown in the municipality's own time zone. Plain DOM, no framework: it must load fast
// on a cheap phone.
'use strict';

const phaseNames = {
  consultation: 'Consulta · Consultation',
  submission: 'Ideas abiertas · Ideas open',
  voting: 'Votación abierta · Voting open',
  development: 'Desarrollo · Development',
};
const statusNames = {
  upcoming: 'Próximamente · Upcoming',
  open: 'Abierto · Open',
  counting: 'Conteo · Counting',
  announced: 'Ganadores anunciados · Winners announced',
  development: 'En desarrollo · In development',
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function when(iso, zone, locale) {
  try {
    return new Intl.DateTimeFormat(locale || 'es-MX', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
      .format(new Date(iso));
  } catch (e) {
    return iso;
  }
}

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function challengeView(c, m) {
  const t = c.timeline;
  const rows = [
    ['Ideas', `${when(t.submission.opens, m.timezone, m.locale)} – ${when(t.submission.closes, m.timezone, m.locale)}`],
    ['Votación', `${when(t.voting.opens, m.timezone, m.locale)} – ${when(t.voting.closes, m.timezone, m.locale)}`],
    ['Anuncio', when(t.announcement, m.timezone, m.locale)],
  ];
  const dl = el('dl');
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
  const phases = el('p');
  for (const p of c.open_phases) phases.append(el('span', { class: 'phase' }, phaseNames[p] || p));
  return el('article', { class: 'challenge', 'data-slug': c.slug },
    el('h3', {}, c.title),
    el('p', { class: 'status' }, statusNames[c.status] || c.status),
    phases,
    el('p', {}, c.description),
    dl);
}

// A card's link, `#/{m}/{c}?token=…`: the token rides in the fragment, which the browser never
// sends, so no server or proxy log holds it. It is kept on this device only (localStorage, per
// challenge) and taken out of the address bar, so a shared or bookmarked address does not carry it.
// Voting with it is the web app's (the next issue); here the challenge it opens is shown and marked.
function takeCardToken() {
  const match = /^#\/([a-z0-9-]{1,64})\/([a-z0-9-]{1,64})(?:\?(.*))?$/.exec(location.hash);
  if (!match) return null;
  const [, m, c, query] = match;
  const token = new URLSearchParams(query || '').get('token');
  if (token) {
    try {
      localStorage.setItem(`cabildo.token.${m}/${c}`, token);
    } catch (e) {
      // Private browsing may refuse storage: the card still works by scanning it again.
    }
    history.replaceState(null, '', `${location.pathname}${location.search}#/${m}/${c}`);
  }
  return { m, c, token: Boolean(token) };
}

function markChallenge(target) {
  const article = document.querySelector(
    `section.municipality[data-slug="${target.m}"] article.challenge[data-slug="${target.c}"]`);
  if (!article) return;
  article.classList.add('selected');
  if (target.token) {
    article.append(el('p', { class: 'card-token', role: 'status' },
      'Tu clave para participar está guardada en este dispositivo. · Your key to take part is saved on this device.'));
  }
  article.scrollIntoView();
}

async function main() {
  const target = takeCardToken();
  const root = document.getElementById('municipalities');
  try {
    const { municipalities } = await getJson('/api/v1/municipalities');
    root.replaceChildren();
    if (municipalities.length === 0) {
      root.append(el('p', {}, 'Aún no hay municipios. · No municipalities yet.'));
      return;
    }
    const lists = await Promise.all(municipalities.map((m) =>
      getJson(`/api/v1/municipalities/${encodeURIComponent(m.slug)}/challenges`)));
    municipalities.forEach((m, i) => {
      const section = el('section', { class: 'municipality', 'data-slug': m.slug },
        el('h2', {}, m.name), el('p', { class: 'status' }, [m.state, m.timezone].filter(Boolean).join(' · ')));
      for (const c of lists[i].challenges) section.append(challengeView(c, m));
      root.append(section);
    });
    if (target) markChallenge(target);
  } catch (e) {
    root.replaceChildren(el('p', { class: 'error' }, `No se pudo cargar · Could not load: ${e.message}`));
  }
}

main();
