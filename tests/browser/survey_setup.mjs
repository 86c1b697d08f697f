// Set-up for the consultation's tests: a challenge in Hermosillo whose timeline starts with a
// consultation window (before the ideas), its survey of one question of each kind, cards and
// responses, all through the HTTP API as the organiser and residents would make them.
import { blindChallenge, expectStatus, m } from './fixtures.mjs';
import { challengeBase } from './resident_setup.mjs';

// The consultation: from midnight of 11 January to midnight of 14 January in Hermosillo (UTC-7);
// the ideas come after it. The fixture's clock starts before it, on 10 January.
export const consultation = { opens: '2026-01-11T07:00:00Z', closes: '2026-01-14T07:00:00Z' };
export const duringConsultation = '2026-01-12T17:00:00Z';
export const afterConsultation = '2026-01-14T12:00:00Z';
const timeline = {
  submission: { opens: '2026-01-15T07:00:00Z', closes: '2026-01-20T07:00:00Z' },
  voting: { opens: '2026-01-15T07:00:00Z', closes: '2026-01-25T07:00:00Z' },
  announcement: '2026-02-01T18:00:00Z',
};

// One question of each kind, the first required.
export function surveyQuestions() {
  return [
    { id: 'problema', kind: 'single', prompt: '¿Cuál es el problema más urgente de tu colonia?', required: true,
      options: ['Baches', 'Alumbrado', 'Agua potable'] },
    { id: 'temas', kind: 'multiple', prompt: '¿Qué temas te interesan?', options: ['Parques', 'Movilidad', 'Seguridad', 'Cultura'], max: 2 },
    { id: 'satisfaccion', kind: 'scale', prompt: '¿Qué tan satisfecho estás con los servicios públicos?', points: 5,
      min_label: 'Nada', max_label: 'Mucho' },
    { id: 'prioridades', kind: 'ranking', prompt: 'Ordena estas obras por prioridad', options: ['Banquetas', 'Ciclovías', 'Arbolado'], max: 2 },
    { id: 'comentario', kind: 'text', prompt: '¿Algo más que quieras decirnos?', max_length: 140 },
  ];
}

// Creates the challenge (with the consultation unless `window` is null) and its survey (unless
// `questions` is null): {slug, base, title, card()}.
export async function setUpConsultation(cabildo, slug, { questions = surveyQuestions(), window = consultation } = {}) {
  const key = cabildo.organiserKey;
  const title = `Reto ${slug}`;
  const body = { ...blindChallenge(), slug, title, description: 'Ideas para mejorar la ciudad', anonymity: 'none',
    tie_break_seed: `seed-${slug}`, timeline: window ? { ...timeline, consultation: window } : timeline };
  expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/challenges`, { key, body }), 201, `create ${slug}`);
  const base = challengeBase(slug);
  if (questions) expectStatus(await cabildo.call('PUT', `${base}/survey`, { key, body: { questions } }), 200, 'write the survey');
  const card = async () => expectStatus(
    await cabildo.call('POST', `${base}/tokens`, { key, body: { count: 1 } }), 201, 'a card').tokens[0].token;
  return { slug, base, title, card };
}

// A resident's response with a fresh card: answers the card's token.
export async function respond(cabildo, ch, answers) {
  const token = await ch.card();
  expectStatus(await cabildo.call('PUT', `${ch.base}/survey/response`, { body: { token, answers } }), 200, 'a response');
  return token;
}

// The results as the organiser reads them (from the opening), by question id.
export async function organiserResults(cabildo, ch) {
  const results = expectStatus(await cabildo.call('GET', `${ch.base}/survey/results`, { key: cabildo.organiserKey }), 200, 'the results');
  return { ...results, byId: Object.fromEntries(results.questions.map((q) => [q.id, q])) };
}

// A consultation of one free-text question and `n` cards, made before it opens (its survey freezes
// then); `respond()` sends a text with each card while it is open, `publish()` publishes every text
// after the close (the public results carry the first 50; "Ver más" reads the rest). The clock
// moves forward only: the test moves it between the two. Answers {slug, base, title, respond, publish}.
export async function setUpPublishedTexts(cabildo, slug, n) {
  const key = cabildo.organiserKey;
  const ch = await setUpConsultation(cabildo, slug, { questions: [{ id: 'idea', kind: 'text', prompt: '¿Qué le falta a tu colonia?' }] });
  const cards = expectStatus(await cabildo.call('POST', `${ch.base}/tokens`, { key, body: { count: n } }), 201, 'cards').tokens;
  const respond = async () => {
    for (const [i, card] of cards.entries())
      expectStatus(await cabildo.call('PUT', `${ch.base}/survey/response`,
        { body: { token: card.token, answers: { idea: `Texto de vecino n.º ${i + 1}` } } }), 200, `response ${i + 1}`);
  };
  const publish = async () => {
    const { answers } = expectStatus(await cabildo.call('GET', `${ch.base}/survey/texts?status=pending`, { key }), 200, 'the texts');
    for (const x of answers)
      expectStatus(await cabildo.call('POST', `${ch.base}/survey/texts/${x.id}/moderation`, { key, body: { action: 'publish' } }), 200, 'publish');
    return answers.length;
  };
  return { ...ch, respond, publish };
}
