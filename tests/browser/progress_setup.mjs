// Set-up for the commitments' tests: an announced challenge in Hermosillo whose timeline has a
// development window, with two winners among three ideas; commitments, their progress and a
// verifier's key through the HTTP API, as the organiser and the verifier would make them.
import { blindChallenge, expectStatus, expect, afterVoting, m } from './fixtures.mjs';
import { challengeBase, announce } from './resident_setup.mjs';

// The development window: from midnight of 2 February to midnight of 30 June in Hermosillo (UTC-7).
export const development = { opens: '2026-02-02T07:00:00Z', closes: '2026-06-30T07:00:00Z' };
// A moment inside it, when the work is under way.
export const duringDevelopment = '2026-02-10T17:00:00Z';

export const ideaTitles = ['Ciclovía en el bulevar Kino', 'Sombra en el parque Madero', 'Alumbrado en la colonia Centro',
  'Bebederos en la plaza Zaragoza'];

// Creates the challenge, its four ideas and ballots (3, 2, 1 and 0 approvals), and announces it:
// {slug, base, title, ideas:[{id,title}], winners:[id…]} with the first `winners` ideas winning.
export async function setUpPlan(cabildo, slug, { winners = 2 } = {}) {
  const key = cabildo.organiserKey;
  const fixture = blindChallenge();
  const title = `Reto ${slug}`;
  const body = { ...fixture, slug, title, description: 'Ideas para mejorar la ciudad', anonymity: 'none',
    tie_break_seed: `seed-${slug}`, winners, timeline: { ...fixture.timeline, development } };
  expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/challenges`, { key, body }), 201, `create ${slug}`);
  const base = challengeBase(slug);
  const cards = expectStatus(await cabildo.call('POST', `${base}/tokens`, { key, body: { count: 7 } }), 201, 'cards')
    .tokens.map((x) => x.token);
  const ideas = [];
  for (const [i, idea] of ideaTitles.entries()) {
    const answer = expectStatus(await cabildo.call('POST', `${base}/ideas`,
      { body: { token: cards[i], title: idea, description: 'Una propuesta vecinal', category: 'movilidad' } }), 201, idea);
    ideas.push({ id: answer.id, title: idea });
  }
  const [a, b, c] = ideas.map((i) => i.id);
  for (const [token, choices] of [[cards[4], [a, b]], [cards[5], [a, b]], [cards[6], [a, c]]])
    expectStatus(await cabildo.call('PUT', `${base}/ballot`, { body: { token, choices } }), 200, 'a ballot');
  await announce(cabildo, slug, afterVoting);
  return { slug, base, title, ideas, winners: ideas.slice(0, winners).map((i) => i.id) };
}

// A commitment as the organiser's API call makes it; `overrides` replaces any field.
export function commitmentBody(plan, overrides = {}) {
  return {
    title: 'Ciclovía del bulevar Kino',
    objective: 'Construir una ciclovía segura a lo largo del bulevar Kino.',
    responsible: 'Dirección de Movilidad',
    starts: '2026-02-09T15:00:00Z',
    ends: '2026-05-29T15:00:00Z',
    indicator: 'km de ciclovía construidos',
    target: '3 km',
    topics: ['Perspectiva de género'],
    ideas: [plan.winners[0]],
    milestones: [
      { title: 'Proyecto ejecutivo', weight: 50, due: '2026-03-01T19:00:00Z' },
      { title: 'Obra terminada', weight: 50 },
    ],
    ...overrides,
  };
}

export async function createCommitment(cabildo, plan, overrides) {
  return expectStatus(await cabildo.call('POST', `${plan.base}/commitments`,
    { key: cabildo.organiserKey, body: commitmentBody(plan, overrides) }), 201, 'create a commitment');
}

// POST …/commitments/{id}/updates with a key; answers the commitment after it.
export async function updateCommitment(cabildo, plan, id, key, body) {
  return expectStatus(await cabildo.call('POST', `${plan.base}/commitments/${id}/updates`, { key, body }), 201,
    `update ${body.action}`).commitment;
}

export async function verifierKey(cabildo) {
  const key = expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/keys`,
    { key: cabildo.adminKey, body: { role: 'verifier', label: 'Contraloría social' } }), 201, 'a verifier key').key;
  const who = expectStatus(await cabildo.call('GET', '/api/v1/whoami', { key }), 200, 'whoami of the verifier');
  expect(who).toMatchObject({ role: 'verifier', municipality: m });
  return key;
}

// The organisers' login page, filled in with a key.
export async function logIn(page, origin, key) {
  await page.goto(`${origin}/organiser`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrada de organizadores');
  await page.getByLabel('Clave', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Retos de Hermosillo');
}

// No sideways scrolling: the page fits the screen it is shown on (360 px on the phone project).
export async function expectFits(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
}
