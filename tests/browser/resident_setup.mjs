// Set-up for the resident tests: a challenge of a given ballot kind (not anonymous) in Hermosillo,
// with ideas posted by their own cards, and fresh cards for the resident.
import { blindChallenge, expectStatus, m } from './fixtures.mjs';

export const challengeBase = (slug) => `/api/v1/municipalities/${m}/challenges/${slug}`;

// The third idea's description is longer than a ballot's summary, so the ballot shows its start
// and "Leer más".
export const longDescription = 'Luminarias LED en las calles de la colonia Centro que hoy están a oscuras, para que caminar de '
  + 'noche sea seguro: primero las calles junto a las escuelas y la parada de camiones, después el resto. Incluye postes nuevos '
  + 'donde faltan y su mantenimiento durante tres años.';
const ideaSets = {
  default: [
    { title: 'Ciclovía en el bulevar Kino', category: 'movilidad', cost: 400 },
    { title: 'Sombra en el parque Madero', category: 'parques', cost: 300 },
    { title: 'Alumbrado en la colonia Centro', category: 'movilidad', cost: 500, description: longDescription },
  ],
};

// Creates the challenge and its ideas; answers {slug, base, ideas:[{id,title,cost}], card(), coded()}:
// card() a fresh card's token, coded() a fresh card as {token, code} (the short code printed on it).
// `costs` replaces the ideas' costs in a budget challenge.
export async function setUpChallenge(cabildo, slug, ballot, { budget, costs } = {}) {
  const key = cabildo.organiserKey;
  // The fixture's challenge and timeline, with this slug and ballot, not anonymous.
  const body = { ...blindChallenge(), slug, title: `Reto ${slug}`, description: 'Ideas para mejorar la ciudad',
    ballot, tie_break_seed: `seed-${slug}`, anonymity: 'none' };
  if (budget) {
    body.budget = budget;
    delete body.winners; // a budget decides how many win
  }
  expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/challenges`, { key, body }), 201, `create ${slug}`);
  const base = challengeBase(slug);
  const coded = async () => expectStatus(
    await cabildo.call('POST', `${base}/tokens`, { key, body: { count: 1 } }), 201, 'a card').tokens[0];
  const card = async () => (await coded()).token;
  const ideas = [];
  for (const [i, idea] of ideaSets.default.entries()) {
    const posted = { token: await card(), title: idea.title, description: idea.description ?? 'Una propuesta vecinal', category: idea.category };
    const cost = costs?.[i] ?? idea.cost;
    if (budget) posted.cost = cost;
    const answer = expectStatus(await cabildo.call('POST', `${base}/ideas`, { body: posted }), 201, `idea ${idea.title}`);
    ideas.push({ id: answer.id, title: idea.title, cost });
  }
  return { slug, base, ideas, card, coded };
}

// Opens a card's link and waits for the challenge page: the link of the cards printed before short
// codes (`?token=`), which the app keeps accepting.
export async function openCard(page, origin, slug, token) {
  await page.goto(`${origin}/#/${m}/${slug}?token=${token}`);
  await page.locator(`article.challenge[data-slug="${slug}"] h1`).waitFor();
}

// Opens the link a card's QR code carries today (`?code=ABCD-EFGH-JKMN`) and waits for the page.
export async function openCodeLink(page, origin, slug, code) {
  await page.goto(`${origin}/#/${m}/${slug}?code=${code}`);
  await page.locator(`article.challenge[data-slug="${slug}"] h1`).waitFor();
}

// Closes voting and announces, as the organiser would.
export async function announce(cabildo, slug, afterVoting) {
  await cabildo.setClock(afterVoting);
  return expectStatus(await cabildo.call('POST', `${challengeBase(slug)}/announcement`, { key: cabildo.organiserKey }), 200, 'announce');
}

// fixtures.mjs's expectNoUntranslated, less the es-MX clock's "a.m."/"p.m." (Intl writes them).
export async function noUntranslated(page, expect) {
  const text = await page.locator('#app').innerText();
  expect(text.match(/\b[a-z]+(?:\.[a-z_-]+){1,3}\b/g)
    ?.filter((w) => !/\.(mx|com|org|json|js|csv|pb|soi)$/.test(w) && !/^[ap]\.m$/.test(w)) ?? [], 'untranslated message keys').toEqual([]);
}

// The localStorage keys of the app on this page, sorted.
export async function storedKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).sort());
}

// Every target's height, for the 44 px rule (WCAG 2.5.5): [{name, height}] of those under 44.
export async function shortTargets(locator) {
  const boxes = await locator.evaluateAll((nodes) => nodes.map((n) => ({ name: (n.textContent || n.getAttribute('aria-label') || n.id).trim(),
    height: n.getBoundingClientRect().height })));
  return boxes.filter((b) => b.height < 43.5);
}
