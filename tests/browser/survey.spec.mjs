// The consultation in the browser: an organiser gives a challenge a consultation window in the
// editor, writes its survey on its page (the server's refusal beside the field it names) and finds
// it frozen once the consultation opens; a resident with a card answers a question of every kind
// on a 360 px phone too, is refused a missing required answer and an over-long text beside their
// questions, and answers again, the new response replacing the old; once the consultation closes
// the public results show counts, percentages, the mean and the ranking with its lottery, and only
// the free text the organiser published. State the page is not about is set through the HTTP API;
// the test clock moves through it too. axe on every page a resident sees and after every refusal.
import { createHash } from 'node:crypto';
import { test, expect, m, expectStatus, expectAccessible, expectNoUntranslated, snap } from './fixtures.mjs';
import { openCard } from './resident_setup.mjs';
import { logIn, expectFits } from './progress_setup.mjs';
import { setUpConsultation, setUpPublishedTexts, respond, organiserResults, consultation, duringConsultation, afterConsultation } from './survey_setup.mjs';

const notice = (page) => page.locator('p.notice[role="status"]');
const question = (page, prompt) => page.getByRole('group', { name: prompt });

// The answers the page sends with its next response (PUT …/survey/response), once it is sent.
const sentAnswers = (page) => page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/survey/response'), { timeout: 15_000 })
  .then((r) => JSON.parse(r.postData()).answers);

// A download link's file, fetched by the page: {status, type, text}.
async function download(page, name) {
  const href = await page.getByRole('link', { name }).getAttribute('href');
  return page.evaluate(async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  }, href);
}

test('an organiser adds a consultation, writes its survey past a refusal, and sees it frozen once it opens', { tag: '@desktop' }, async ({ page, cabildo }) => {
  const ch = await setUpConsultation(cabildo, 'consulta-2026', { questions: null, window: null });
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await page.getByRole('link', { name: ch.title }).click();
  const nav = page.getByRole('navigation', { name: 'Secciones del reto' });
  await nav.getByRole('link', { name: 'Consulta' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consulta de «${ch.title}»`);
  await expect(nav.getByRole('link', { name: 'Consulta' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Este reto no tiene ventana de consulta', { exact: false })).toBeVisible();
  await expectAccessible(page, 'the survey page of a challenge without a consultation');

  // The editor: the consultation's window is optional and empty; a close before the opening is
  // refused beside its field; the PATCH carries only the window added.
  await page.getByRole('link', { name: 'Agregar la consulta al calendario' }).click();
  const opens = page.getByLabel('Consulta: abre');
  const closes = page.getByLabel('Consulta: cierra');
  await expect(opens).toHaveValue('');
  await expect(page.getByLabel('Desarrollo: abre')).toHaveValue('');
  await opens.fill('2026-01-11T00:00');
  await closes.fill('2026-01-10T00:00');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(closes).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveCount(1);
  // In the organiser's words, naming the window as the editor does; never the server's English.
  await expect(page.locator('.field-error')).toHaveText('Escribe cuándo cierra «Consulta»: después de que abre.');
  await expectAccessible(page, 'the editor with a refused consultation');
  await closes.fill('2026-01-14T00:00');
  const patch = page.waitForRequest((r) => r.method() === 'PATCH', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  expect(JSON.parse((await patch).postData())).toEqual({ timeline: { consultation } });
  await expect(notice(page)).toHaveText('Cambios guardados.');
  const edited = expectStatus(await cabildo.call('GET', ch.base), 200, 'the challenge');
  expect(edited.timeline.consultation).toEqual(consultation);
  expect(edited.timeline.development).toBeUndefined();
  await expect(page.getByLabel('Consulta: abre')).toHaveValue('2026-01-11T00:00');

  // The survey's page: one question to begin with; a single choice of one option is refused.
  await nav.getByRole('link', { name: 'Consulta' }).click();
  await expect(page.locator('.org-survey-window')).toContainText('Ventana de la consulta: del 11 ene 2026');
  await expect(page.locator('li.org-question')).toHaveCount(1);
  await page.getByLabel('Pregunta 1: enunciado').fill('¿Cuál es el problema más urgente de tu colonia?');
  await expect(page.getByLabel('Pregunta 1: tipo')).toHaveValue('single');
  await page.getByLabel('Pregunta 1: opciones').fill('Baches');
  await page.getByLabel('Pregunta 1: obligatoria').check();
  await page.getByLabel('Pregunta 1: identificador').fill('problema');
  await page.getByRole('button', { name: 'Guardar la encuesta' }).click();
  const options1 = page.getByLabel('Pregunta 1: opciones');
  await expect(options1).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveText(
    'La pregunta 1 necesita de 2 a 50 opciones distintas, una por línea, de hasta 200 caracteres cada una.');
  await expect(options1).toBeFocused();
  await expect(page.getByLabel('Pregunta 1: enunciado')).toHaveValue('¿Cuál es el problema más urgente de tu colonia?');
  await expectAccessible(page, 'the survey editor with a refused question');
  await snap(page, 'organiser-survey-refused');
  expect(expectStatus(await cabildo.call('GET', `${ch.base}/survey`), 200, 'the survey').questions, 'nothing stored').toEqual([]);
  await options1.fill('Baches\nAlumbrado\nAgua potable');

  // A scale: its own fields, no options.
  await page.getByRole('button', { name: 'Agregar una pregunta' }).click();
  await expect(page.getByLabel('Pregunta 2: enunciado')).toBeFocused();
  await page.getByLabel('Pregunta 2: enunciado').fill('¿Qué tan satisfecho estás con los servicios públicos?');
  await page.getByLabel('Pregunta 2: tipo').selectOption('scale');
  await expect(page.getByLabel('Pregunta 2: opciones')).toHaveCount(0);
  await expect(page.getByLabel('Pregunta 2: número de valores')).toHaveValue('5');
  await page.getByLabel('Pregunta 2: etiqueta del 1').fill('Nada');
  await page.getByLabel('Pregunta 2: etiqueta del valor más alto').fill('Mucho');
  await page.getByLabel('Pregunta 2: identificador').fill('satisfaccion');
  // Free text, then a multiple choice moved above it; a ranking added and removed.
  await page.getByRole('button', { name: 'Agregar una pregunta' }).click();
  await page.getByLabel('Pregunta 3: enunciado').fill('¿Algo más que quieras decirnos?');
  await page.getByLabel('Pregunta 3: tipo').selectOption('text');
  await page.getByLabel('Pregunta 3: máximo de caracteres').fill('200');
  await page.getByLabel('Pregunta 3: identificador').fill('comentario');
  await page.getByRole('button', { name: 'Agregar una pregunta' }).click();
  await page.getByLabel('Pregunta 4: enunciado').fill('¿Qué temas te interesan?');
  await page.getByLabel('Pregunta 4: tipo').selectOption('multiple');
  await page.getByLabel('Pregunta 4: opciones').fill('Parques\nMovilidad\nSeguridad');
  await page.getByLabel('Pregunta 4: máximo de opciones elegidas').fill('2');
  await page.getByLabel('Pregunta 4: identificador').fill('temas');
  await page.getByRole('button', { name: 'Subir la pregunta 4' }).click();
  await expect(page.getByRole('button', { name: 'Subir la pregunta 3' })).toBeFocused();
  await expect(page.getByLabel('Pregunta 3: tipo')).toHaveValue('multiple');
  await expect(page.getByLabel('Pregunta 3: opciones')).toHaveValue('Parques\nMovilidad\nSeguridad');
  await expect(page.getByLabel('Pregunta 4: tipo')).toHaveValue('text');
  await expect(page.getByLabel('Pregunta 4: máximo de caracteres')).toHaveValue('200');
  await page.getByRole('button', { name: 'Agregar una pregunta' }).click();
  await page.getByLabel('Pregunta 5: tipo').selectOption('ranking');
  await expect(page.getByLabel('Pregunta 5: máximo de opciones ordenadas')).toBeVisible();
  await page.getByRole('button', { name: 'Quitar la pregunta 5' }).click();
  await expect(page.locator('li.org-question')).toHaveCount(4);
  await expectAccessible(page, 'the survey editor with four questions');
  await expectFits(page);

  await page.getByRole('button', { name: 'Guardar la encuesta' }).click();
  await expect(notice(page)).toHaveText('Encuesta guardada: 4 preguntas.');
  const stored = expectStatus(await cabildo.call('GET', `${ch.base}/survey`), 200, 'the survey');
  expect(stored).toMatchObject({ open: false, frozen: false, consultation });
  expect(stored.questions).toEqual([
    { id: 'problema', kind: 'single', prompt: '¿Cuál es el problema más urgente de tu colonia?', required: true,
      options: ['Baches', 'Alumbrado', 'Agua potable'] },
    { id: 'satisfaccion', kind: 'scale', prompt: '¿Qué tan satisfecho estás con los servicios públicos?', required: false,
      points: 5, min_label: 'Nada', max_label: 'Mucho' },
    { id: 'temas', kind: 'multiple', prompt: '¿Qué temas te interesan?', required: false, options: ['Parques', 'Movilidad', 'Seguridad'], max: 2 },
    { id: 'comentario', kind: 'text', prompt: '¿Algo más que quieras decirnos?', required: false, max_length: 200 },
  ]);
  // Drawn again from what the server stored.
  await expect(page.getByLabel('Pregunta 3: máximo de opciones elegidas')).toHaveValue('2');
  await expect(page.getByLabel('Pregunta 1: obligatoria')).toBeChecked();

  // The consultation opens: the survey is frozen, shown as it stands, and the server says no.
  await cabildo.setClock('2026-01-11T08:00:00Z');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consulta de «${ch.title}»`);
  await expect(page.locator('.org-frozen')).toContainText('La encuesta quedó fija desde que abrió la consulta (11 ene 2026');
  await expect(page.getByRole('button', { name: 'Guardar la encuesta' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Agregar una pregunta' })).toHaveCount(0);
  expect(await page.locator('ol.org-survey-frozen > li').evaluateAll((items) => items.map((i) => i.dataset.question)))
    .toEqual(['problema', 'satisfaccion', 'temas', 'comentario']);
  await expect(page.locator('ol.org-survey-frozen > li').first()).toContainText('Una opción · obligatoria');
  await expectAccessible(page, 'the frozen survey');
  await expectNoUntranslated(page);
  const refused = await cabildo.call('PUT', `${ch.base}/survey`, { key: cabildo.organiserKey,
    body: { questions: [{ id: 'otra', kind: 'text', prompt: 'Otra' }] } });
  expect(refused.status, refused.text).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'timeline_locked', field: 'questions' });
});

test('a resident answers every kind of question, is refused beside the question, and answers again', async ({ page, cabildo }) => {
  const ch = await setUpConsultation(cabildo, 'consulta-colonias');
  // Before the consultation the page says when it opens.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/survey`);
  await expect(page.locator('.not-yet')).toContainText('La consulta todavía no abre: abre el 11 ene 2026');
  await cabildo.setClock(duringConsultation);

  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Responder la consulta' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consulta: ${ch.title}`);
  const problem = question(page, /problema más urgente/);
  const topics = question(page, /temas te interesan/);
  const scale = question(page, /satisfecho/);
  const ranking = question(page, /Ordena estas obras/);
  const text = page.getByLabel(/Algo más que quieras decirnos/);
  await expect(problem.locator('legend')).toHaveText('1. ¿Cuál es el problema más urgente de tu colonia? (obligatoria)');
  await expect(problem.getByRole('radio')).toHaveCount(3);
  await expectAccessible(page, 'the survey');
  await expectNoUntranslated(page);

  // Multiple: a live count, the rest disabled at the limit.
  const counter = page.locator('#q-temas-counter');
  await expect(counter).toHaveText('0 de 2 elegidas');
  await topics.getByLabel('Parques').check();
  await expect(counter).toHaveText('1 de 2 elegida');
  await topics.getByLabel('Movilidad').check();
  await expect(counter).toHaveText('2 de 2 elegidas');
  await expect(topics.getByLabel('Seguridad')).toBeDisabled();
  await expect(topics.getByLabel('Cultura')).toBeDisabled();
  // Scale: 1 to 5, the labels at the ends.
  await expect(scale.getByRole('radio')).toHaveCount(5);
  await expect(scale.getByRole('radio', { name: '1 (Nada)' })).toBeVisible();
  await expect(scale.getByRole('radio', { name: '5 (Mucho)' })).toBeVisible();
  await expect(scale.locator('.scale-ends')).toHaveText(/1 = Nada\s*5 = Mucho/);
  await scale.getByRole('radio', { name: '4', exact: true }).check();
  // Ranking by keyboard: two of three, the third refused at the limit, moved up.
  await ranking.getByRole('button', { name: 'Agregar «Ciclovías» a tu orden' }).click();
  await ranking.getByRole('button', { name: 'Agregar «Banquetas» a tu orden' }).click();
  await expect(ranking.getByRole('button', { name: 'Agregar «Arbolado» a tu orden' })).toBeDisabled();
  await expect(ranking.locator('ol.ranked .title')).toHaveText(['Ciclovías', 'Banquetas']);
  await ranking.getByRole('button', { name: 'Subir «Banquetas»' }).focus();
  await page.keyboard.press('Enter');
  await expect(ranking.locator('ol.ranked .title')).toHaveText(['Banquetas', 'Ciclovías']);
  await expect(ranking.getByRole('button', { name: 'Bajar «Banquetas»' })).toBeFocused();
  await expect(page.locator('#q-prioridades-ranking-counter')).toContainText('«Banquetas» ahora está en el lugar 1. 2 de 2 ordenadas.');
  // Text: counted as typed, past the limit too.
  const count = page.locator('#q-comentario-text-count');
  await expect(count).toHaveText('0 de 140 caracteres');
  await text.fill('x'.repeat(141));
  await expect(count).toHaveText('141 de 140 caracteres Sobra 1.');
  await expect(count).toHaveClass(/error/);
  await text.fill('Más sombra en la plaza Zaragoza');
  await expect(count).toHaveText('31 de 140 caracteres');
  await expect(count).not.toHaveClass(/error/);
  await expectAccessible(page, 'the survey filled in');
  await snap(page, 'survey');

  // The required question unanswered: refused beside it, its first choice focused.
  await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
  const problemError = page.locator('#q-problema-error');
  await expect(problemError).toHaveText('Esta pregunta es obligatoria: respóndela para enviar.');
  await expect(problem).toHaveAttribute('aria-describedby', /q-problema-error/);
  await expect(problem.getByLabel('Baches')).toBeFocused();
  await expect(problem.getByLabel('Baches')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveCount(1);
  await expectAccessible(page, 'the survey with a refused required answer');
  await snap(page, 'survey-refused');
  // Then the text too long: refused beside the text, the first refusal gone.
  await problem.getByLabel('Alumbrado').check();
  await text.fill('x'.repeat(141));
  await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
  await expect(page.locator('#q-comentario-error')).toHaveText('Tu respuesta pasa del máximo de 140 caracteres.');
  await expect(problemError).toHaveCount(0);
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await expect(text).toHaveAttribute('aria-describedby', 'q-comentario-text-count q-comentario-error');
  await expect(text).toBeFocused();
  expect((await organiserResults(cabildo, ch)).responses, 'nothing stored from a refused response').toBe(0);

  await text.fill('Más sombra en la plaza Zaragoza');
  let sent = sentAnswers(page);
  await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gracias por responder');
  await expect(notice(page)).toHaveText('Tu respuesta quedó registrada.');
  await expect(page.getByText('tu nueva respuesta reemplaza a la anterior', { exact: false })).toBeVisible();
  // The confirmation shows the response's receipt, and what it is for.
  const receipt1 = await page.locator('code.receipt-full').innerText();
  expect(receipt1).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  await expect(page.getByText('con él podrás ver en los resultados si tu respuesta cuenta', { exact: false })).toBeVisible();
  await expectAccessible(page, 'the survey confirmation');
  await expectNoUntranslated(page);
  // What the page sent; nobody, the organiser neither, reads answers while the consultation is open.
  expect(await sent).toEqual({ problema: 1, temas: [0, 1], satisfaccion: 4, prioridades: [0, 1], comentario: 'Más sombra en la plaza Zaragoza' });
  let results = await organiserResults(cabildo, ch);
  expect(results).toMatchObject({ responses: 1, closed: false });
  expect(results.byId.problema).toEqual({ id: 'problema', kind: 'single', prompt: '¿Cuál es el problema más urgente de tu colonia?' });

  // The device keeps the choices and the receipt, never the free text (tokens.js).
  const kept = await page.evaluate((k) => localStorage.getItem(k), `cabildo.survey.${m}/${ch.slug}`);
  expect(JSON.parse(kept).answers).toEqual({ problema: 1, temas: [0, 1], satisfaccion: 4, prioridades: [0, 1] });
  expect(kept).not.toContain('Zaragoza');

  // Again: the answers sent are there to change; the new response replaces the old one. The text
  // is to write again, and the page says so beside it.
  await page.getByRole('button', { name: 'Cambiar mis respuestas' }).click();
  await expect(page.getByText('Ya respondiste desde este dispositivo.', { exact: false })).toBeVisible();
  await expect(problem.getByLabel('Alumbrado')).toBeChecked();
  await expect(topics.getByLabel('Parques')).toBeChecked();
  await expect(scale.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await expect(ranking.locator('ol.ranked .title')).toHaveText(['Banquetas', 'Ciclovías']);
  await expect(text).toHaveValue('');
  await expect(page.locator('#q-comentario-text-again')).toHaveText(/^Tu texto anterior no se guarda en este dispositivo/);
  await expect(text).toHaveAttribute('aria-describedby', 'q-comentario-text-again q-comentario-text-count');
  await problem.getByLabel('Agua potable').check();
  await topics.getByLabel('Parques').uncheck();
  await expect(topics.getByLabel('Seguridad')).toBeEnabled();
  await topics.getByLabel('Cultura').check();
  await scale.getByRole('button', { name: 'Borrar mi respuesta' }).click();
  await expect(scale.getByRole('radio', { checked: true })).toHaveCount(0);
  await text.fill('');
  sent = sentAnswers(page);
  await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
  await expect(notice(page)).toHaveText('Tu respuesta quedó registrada y reemplaza a la anterior.');
  const receipt2 = await page.locator('code.receipt-full').innerText();
  expect(receipt2).not.toBe(receipt1);
  expect(await sent).toEqual({ problema: 2, temas: [1, 3], prioridades: [0, 1] });
  results = await organiserResults(cabildo, ch);
  expect(results).toMatchObject({ responses: 1, closed: false });
  await expectFits(page);

  // A reload finds the last answers; without the card's key the page says how to take part.
  await page.reload();
  await expect(question(page, /problema más urgente/).getByLabel('Agua potable')).toBeChecked();
  await expect(question(page, /temas te interesan/).getByLabel('Cultura')).toBeChecked();
  await expectFits(page);
  // In English too.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consultation: ${ch.title}`);
  await expect(question(page, /problema más urgente/).locator('legend')).toHaveText('1. ¿Cuál es el problema más urgente de tu colonia? (required)');
  await expect(page.locator('#q-temas-counter')).toHaveText('2 of 2 chosen');
  await expect(page.locator('#q-comentario-text-count')).toHaveText('0 of 140 characters');
  await expectNoUntranslated(page);
  await expectAccessible(page, 'the survey in English');
  await page.getByLabel('Language').selectOption('es-MX');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consulta: ${ch.title}`);
  await page.evaluate((key) => localStorage.removeItem(key), `cabildo.token.${m}/${ch.slug}`);
  await page.reload();
  await expect(page.getByText('Para participar necesitas una tarjeta con código QR.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enviar mis respuestas' })).toHaveCount(0);
  await expectAccessible(page, 'the survey without a card');

  // Once it closes: only the last response counted, and its receipt says so in the results; the
  // first one's receipt is gone with the response it replaced.
  await cabildo.setClock(afterConsultation);
  results = await organiserResults(cabildo, ch);
  expect(results).toMatchObject({ responses: 1, closed: true });
  expect(results.byId.problema.options.map((o) => o.count)).toEqual([0, 0, 1]);
  expect(results.byId.temas.options.map((o) => o.count)).toEqual([0, 1, 0, 1]);
  expect(results.byId.satisfaccion).toMatchObject({ answered: 0, mean: null });
  expect(results.byId.prioridades.options.map((o) => [o.text, o.points])).toEqual([['Banquetas', 3], ['Ciclovías', 2], ['Arbolado', 0]]);
  expect(results.byId.comentario).toMatchObject({ answered: 0, pending: 0 });
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/survey/results`);
  const lookup = page.getByRole('region', { name: '¿Cuenta mi respuesta?' });
  const field = lookup.getByLabel('Tu comprobante de la consulta');
  await expect(field, 'the receipt this device keeps, ready to look up').toHaveValue(receipt2);
  await lookup.getByRole('button', { name: 'Buscar' }).click();
  await expect(lookup.locator('.receipt-status')).toHaveAttribute('data-status', 'counted');
  await expect(lookup.locator('.receipt-status strong')).toHaveText('Tu respuesta cuenta.');
  await field.fill(receipt1);
  await lookup.getByRole('button', { name: 'Buscar' }).click();
  await expect(lookup.locator('#survey-receipt-error')).toHaveText(/^Ninguna respuesta de esta consulta tiene ese comprobante\./);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(lookup.locator('.receipt-status')).toHaveCount(0);
  await expectAccessible(page, 'the consultation results with a refused receipt');
  await expectFits(page);
});

test('once the consultation closes the public results show counts, the mean, the ranking and only the published text', async ({ page, cabildo }) => {
  const ch = await setUpConsultation(cabildo, 'consulta-resultados');
  // Another consultation with more published text than the results carry at once.
  const many = await setUpPublishedTexts(cabildo, 'consulta-textos', 53);
  await cabildo.setClock(duringConsultation);
  await many.respond();
  await respond(cabildo, ch, { problema: 1, temas: [0, 1], satisfaccion: 5, prioridades: [0, 1], comentario: 'Más luminarias en la calle Reforma' });
  await respond(cabildo, ch, { problema: 1, temas: [1], satisfaccion: 3, prioridades: [1, 0], comentario: 'Compren mi producto en oferta' });
  await respond(cabildo, ch, { problema: 0, temas: [1, 2], satisfaccion: 4, prioridades: [2] });
  const lastReceipt = expectStatus(await cabildo.call('PUT', `${ch.base}/survey/response`, { body: { token: await ch.card(),
    answers: { problema: 2, satisfaccion: 4, comentario: 'Arreglen el parque de la colonia Pitic' } } }), 200, 'a response').receipt;

  // Before the close the public page says when the results come out.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/survey/results`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Resultados de la consulta: ${ch.title}`);
  await expect(page.locator('.not-yet')).toContainText('Los resultados de la consulta se publican cuando cierra (14 ene 2026');
  await expectAccessible(page, 'the consultation results before the close');
  // A receipt says only that the response arrived while the consultation is open.
  await page.getByLabel('Tu comprobante de la consulta').fill(lastReceipt);
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.locator('.receipt-status strong')).toHaveText('Tu respuesta está registrada.');
  await expect(page.locator('.receipt-status')).toContainText('Cuando cierre, aquí verás si cuenta.');

  // While it is open the organiser reads only how many responses arrived, and when the rest opens:
  // no count of answers, no free text to review, no categories to seed (the server refuses them).
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  // The dashboard counts each consultation's responses among its turnout.
  await expect(page.locator(`li.org-challenge[data-slug="${ch.slug}"] .org-turnout`)).toContainText(' · 4 respuestas a la consulta.');
  await expect(page.locator(`li.org-challenge[data-slug="${many.slug}"] .org-turnout`)).toContainText(' · 53 respuestas a la consulta.');
  await page.goto(`${cabildo.origin}/organiser/${ch.slug}/survey`);
  await expect(page.locator('.org-responses')).toHaveText('4 respuestas recibidas hasta ahora.');
  await expect(page.locator('.org-sealed')).toHaveText(/^Nadie lee las respuestas mientras la consulta está abierta.* Al cierre, el 14 ene 2026, 12:00 a\.\s?m\., se abren los resultados, el texto libre por revisar y las categorías a partir de las respuestas\.$/);
  await expect(page.locator('li.org-text')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Agregar a las categorías' })).toHaveCount(0);
  await expectAccessible(page, 'the organiser survey page while the consultation is open');
  for (const [method, target, body] of [['GET', '/survey/texts'], ['POST', '/survey/categories', { question: 'problema' }]]) {
    const sealed = await cabildo.call(method, `${ch.base}${target}`, { key: cabildo.organiserKey, body });
    expect(sealed.status, sealed.text).toBe(409);
    expect(sealed.body.error.code).toBe('phase_not_open');
  }

  // The close: the survey takes no more answers and points to the results, as the challenge does.
  await cabildo.setClock(afterConsultation);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/survey`);
  await expect(page.locator('.not-yet')).toContainText('La consulta ya cerró (14 ene 2026');
  await expect(page.getByRole('button', { name: 'Enviar mis respuestas' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ver los resultados de la consulta' })).toBeVisible();

  // Then the organiser publishes one text and hides another (a reason needed), and seeds a category.
  await page.goto(`${cabildo.origin}/organiser/${ch.slug}/survey`);
  await expect(page.locator('.org-responses')).toHaveText('4 respuestas cuentan: la última de cada participante.');
  await expect(page.locator('.org-sealed')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Respuestas de texto por revisar (3)' })).toBeVisible();
  await expect(page.locator('.org-text-counts')).toHaveText('Publicadas: 0 · en revisión: 3 · ocultas: 0.');
  const item = (words) => page.locator('li.org-text').filter({ hasText: words });
  await item('Más luminarias').getByRole('button', { name: /^Publicar/ }).click();
  await expect(notice(page)).toHaveText(/^La respuesta n\.º \d+ quedó publicada\.$/);
  await expect(item('Más luminarias')).toHaveCount(0);
  const spam = item('Compren mi producto');
  await spam.getByRole('button', { name: /^Ocultar/ }).click();
  await expect(spam.getByLabel('Motivo para ocultarla')).toHaveAttribute('aria-invalid', 'true');
  await expect(spam.locator('.field-error')).toHaveText('Escribe el motivo para ocultarla.');
  await spam.getByLabel('Motivo para ocultarla').fill('Publicidad, fuera de tema');
  await spam.getByRole('button', { name: /^Ocultar/ }).click();
  await expect(notice(page)).toHaveText(/^La respuesta n\.º \d+ quedó oculta\.$/);
  await expect(page.locator('li.org-text')).toHaveCount(1);
  await expect(page.locator('.org-text-counts')).toHaveText('Publicadas: 1 · en revisión: 1 · ocultas: 1.');
  const hidden = expectStatus(await cabildo.call('GET', `${ch.base}/survey/texts?status=hidden`, { key: cabildo.organiserKey }), 200, 'hidden texts');
  expect(hidden.answers).toMatchObject([{ text: 'Compren mi producto en oferta', status: 'hidden', reason: 'Publicidad, fuera de tema' }]);

  await expect(page.locator('.org-categories')).toContainText('movilidad');
  await page.getByLabel('Pregunta de opción').selectOption('problema');
  await page.getByLabel('Cuántas opciones agregar como máximo').fill('1');
  await page.getByRole('button', { name: 'Agregar a las categorías' }).click();
  await expect(notice(page)).toHaveText('Categoría agregada: Alumbrado.');
  await expect(page.locator('.org-categories .tag')).toHaveText(['movilidad', 'parques', 'Alumbrado']);
  expect(expectStatus(await cabildo.call('GET', ch.base), 200, 'the challenge').categories).toEqual(['movilidad', 'parques', 'Alumbrado']);
  await expectAccessible(page, 'the organiser survey page with texts to review');
  await snap(page, 'organiser-survey');

  await page.goto(`${cabildo.origin}/${m}/${ch.slug}`);
  await expect(page.getByRole('link', { name: 'Responder la consulta' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Ver resultados de la consulta' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Resultados de la consulta: ${ch.title}`);
  await expect(page.getByText('4 respuestas contadas', { exact: false })).toBeVisible();
  const section = (id) => page.locator(`section.survey-result[data-question="${id}"]`);
  const score = (id, attr, value) => section(id).locator(`li[${attr}="${value}"] .result-score`);

  await expect(section('problema').locator('.answered')).toHaveText('4 personas la contestaron.');
  await expect(score('problema', 'data-option', 0)).toHaveText(/^1 respuesta · 25\s?%$/);
  await expect(score('problema', 'data-option', 1)).toHaveText(/^2 respuestas · 50\s?%$/);
  await expect(section('problema').locator('li[data-option="1"] .bar-fill')).toHaveAttribute('style', /width: 50%/);
  await expect(section('temas').locator('.answered')).toHaveText('3 personas la contestaron.');
  await expect(score('temas', 'data-option', 1)).toHaveText(/^3 respuestas · 100\s?%$/);
  await expect(score('temas', 'data-option', 0)).toHaveText(/^1 respuesta · 33[.,]3\s?%$/);
  await expect(score('temas', 'data-option', 3)).toHaveText(/^0 respuestas · 0\s?%$/);
  await expect(section('satisfaccion').locator('.scale-mean')).toHaveText('Promedio: 4 de 5');
  await expect(section('satisfaccion').locator('li .result-title')).toHaveText(['1 (Nada)', '2', '3', '4', '5 (Mucho)']);
  await expect(score('satisfaccion', 'data-value', 4)).toHaveText(/^2 respuestas · 50\s?%$/);

  // The ranking: Banquetas and Ciclovías tie on 5 Borda points; the lottery orders them.
  const sha = (n) => createHash('sha256').update(`seed-${ch.slug}/prioridades${n}`).digest('hex');
  const [first, second] = sha(1) < sha(2) ? ['Banquetas', 'Ciclovías'] : ['Ciclovías', 'Banquetas'];
  await expect(section('prioridades').locator('ol.survey-ranking .result-title')).toHaveText([first, second, 'Arbolado']);
  await expect(section('prioridades').locator('ol.survey-ranking .result-score').first())
    .toHaveText('5 puntos · 1 vez en primer lugar');
  await expect(section('prioridades').getByText('un primer lugar vale 3 puntos, un segundo 2', { exact: false })).toBeVisible();
  const tie = section('prioridades').locator('ul.ties > li').first();
  await expect(tie).toContainText('Empataron con 5 puntos: Banquetas y Ciclovías.');
  await expect(tie).toContainText(`El sorteo las ordenó así: ${first} y ${second}.`);
  await expect(tie.locator('code.sha256')).toHaveText([sha(1) < sha(2) ? sha(1) : sha(2), sha(1) < sha(2) ? sha(2) : sha(1)]);
  await expect(tie).toContainText(`SHA-256 de «seed-${ch.slug}/prioridades1»`);

  // Free text: only the published answer; the others counted.
  await expect(section('comentario').locator('ul.survey-texts > li')).toHaveText(['Más luminarias en la calle Reforma']);
  await expect(section('comentario')).not.toContainText('Compren');
  await expect(section('comentario')).not.toContainText('Pitic');
  await expect(section('comentario').locator('.moderation-counts')).toHaveText('1 respuesta en revisión · 1 oculta');
  await expect(page.locator('#view')).not.toContainText(/\bnull\b|undefined|NaN/);
  await expectAccessible(page, 'the consultation results');
  await expectNoUntranslated(page);
  await expectFits(page);
  await snap(page, 'survey-results');

  // The open data: one row per response, the published text only.
  const csv = await download(page, 'Respuestas en CSV');
  expect(csv.status).toBe(200);
  expect(csv.type).toContain('text/csv');
  expect(csv.text.trim().split('\n')).toHaveLength(5);
  expect(csv.text).toContain('Más luminarias en la calle Reforma');
  expect(csv.text).not.toContain('Compren');
  const json = await download(page, 'Respuestas en JSON');
  expect(json.status).toBe(200);
  expect(JSON.parse(json.text).responses).toHaveLength(4);
  // Each row carries its response's receipt, which its resident holds.
  expect(JSON.parse(json.text).responses.map((r) => r.receipt)).toContain(lastReceipt);
  expect(csv.text.split('\n')[0]).toMatch(/,receipt$/);
  expect(csv.text).toContain(lastReceipt);
  // And a receipt says, once closed, that its response counts.
  await page.getByLabel('Tu comprobante de la consulta').fill(` ${lastReceipt} `);
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect(page.locator('.receipt-status')).toHaveAttribute('data-status', 'counted');
  await expect(page.locator('.receipt-status strong')).toHaveText('Tu respuesta cuenta.');

  // In English too.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Consultation results: ${ch.title}`);
  await expect(section('satisfaccion').locator('.scale-mean')).toHaveText('Mean: 4 of 5');
  await expect(section('comentario').locator('.moderation-counts')).toHaveText('1 answer under review · 1 hidden');
  await expectNoUntranslated(page);
  await expectAccessible(page, 'the consultation results in English');
  await page.getByLabel('Language').selectOption('es-MX');

  // More published text than the results carry: the first 50, then "Ver más" reads the rest.
  expect(await many.publish()).toBe(53);
  await page.goto(`${cabildo.origin}/${m}/${many.slug}/survey/results`);
  const texts = section('idea').locator('ul.survey-texts > li');
  await expect(texts).toHaveCount(50);
  await expect(section('idea').locator('.texts-shown')).toHaveText('Ves 50 de 53 respuestas publicadas.');
  await section('idea').getByRole('button', { name: 'Ver más respuestas' }).click();
  await expect(texts).toHaveCount(53);
  await expect(texts.nth(50)).toBeFocused();
  await expect(section('idea').locator('.texts-shown')).toHaveText('Ves 53 de 53 respuestas publicadas.');
  await expect(section('idea').getByRole('button', { name: 'Ver más respuestas' })).toBeHidden();
  expect(new Set(await texts.allInnerTexts()).size, 'every text once').toBe(53);
  await expectAccessible(page, 'the consultation results after "Ver más"');
  await expectFits(page);
});
