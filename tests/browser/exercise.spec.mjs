// An open-government exercise in the browser: an organiser creates it on its page, reports the
// steps of INAI's strategy (a date in Hermosillo's clock, a document's link or its SHA-256
// computed in the browser; a bad link refused beside its field; only the steps that changed
// sent; a refusal of a step sent twice said in words), and issues the final report behind a
// confirmation; a resident finds the exercise from the home page (which, like the organiser's list,
// reads every page of a long list of exercises) on a 360 px phone too, reads its steps and its
// public history in words, and follows the interim report.
import { createHash } from 'node:crypto';
import { test, expect, m, expectStatus, expectAccessible, expectNoUntranslated } from './fixtures.mjs';
import { setUpPlan, logIn, expectFits } from './progress_setup.mjs';

const exercises = `/api/v1/municipalities/${m}/exercises`;
const notice = (page) => page.locator('p.notice[role="status"]');
const step = (page, n) => page.locator(`fieldset.org-step[data-n="${n}"]`);

// The exercise as the API stores it now.
const stored = async (cabildo, e) => expectStatus(await cabildo.call('GET', `${exercises}/${e}`), 200, `exercise ${e}`);

test('an organiser creates an exercise, reports its steps and issues the final report', { tag: '@desktop' }, async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'ciclovias-2026');
  // Every PATCH the page sends, to check it carries only the steps that changed.
  const patches = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().includes('/exercises/')) patches.push(r.postDataJSON());
  });
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await page.getByRole('link', { name: 'Ejercicios de gobierno abierto' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ejercicios de gobierno abierto de Hermosillo');
  await expect(page.getByText('Aún no hay ejercicios.')).toBeVisible();
  const challenges = page.getByRole('group', { name: 'Retos que agrupa' });
  await expect(challenges.getByRole('checkbox')).toHaveCount(2);

  await page.getByLabel('Identificador').fill('apertura-2026');
  await page.getByLabel('Título del ejercicio').fill('Ejercicio de apertura 2026');
  await challenges.getByLabel(plan.title).check();
  await expectAccessible(page, 'the new exercise form');
  await page.getByRole('button', { name: 'Crear el ejercicio' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ejercicio de apertura 2026');
  await expect(notice(page)).toHaveText('Ejercicio «Ejercicio de apertura 2026» creado.');
  await expect(page).toHaveURL(/\/organiser\/exercises\/apertura-2026$/);
  await expect(page.locator('fieldset.org-step')).toHaveCount(13);
  await expect(page.getByRole('group', { name: 'Retos que agrupa' }).getByLabel(plan.title)).toBeChecked();
  let x = await stored(cabildo, 'apertura-2026');
  expect(x.challenges.map((c) => c.slug)).toEqual([plan.slug]);
  expect(x.steps.every((s) => s.status === 'pending')).toBe(true);

  // Step 1 done on 5 January at 11:00 in Hermosillo (18:00 UTC) with its link; step 2 under way
  // with a document's SHA-256 computed here; step 3 with a link the server refuses.
  await page.getByLabel('Estado del paso 1', { exact: true }).selectOption({ label: 'Realizado' });
  await page.getByLabel('Fecha del paso 1', { exact: true }).fill('2026-01-05T11:00');
  await page.getByLabel('Enlace al documento del paso 1', { exact: true }).fill('https://hermosillo.gob.mx/declaratoria.pdf');
  await page.getByLabel('Estado del paso 2', { exact: true }).selectOption({ label: 'En curso' });
  const record = Buffer.from('Convocatoria del Secretariado Técnico Local\n');
  const sha = createHash('sha256').update(record).digest('hex');
  await page.getByLabel('Calcular el SHA-256 de un archivo (paso 2)').setInputFiles({ name: 'convocatoria.txt', mimeType: 'text/plain', buffer: record });
  await expect(step(page, 2).getByText('SHA-256 de convocatoria.txt calculado en este dispositivo.')).toBeVisible();
  await expect(page.getByLabel('SHA-256 del documento del paso 2', { exact: true })).toHaveValue(sha);
  const badUrl = page.getByLabel('Enlace al documento del paso 3', { exact: true });
  await badUrl.fill('ftp://hermosillo.gob.mx/acta.pdf');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();

  await expect(badUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(badUrl).toBeFocused();
  await expect(page.locator('.field-error')).toHaveCount(1);
  await expect(step(page, 3).locator('.field-error')).toHaveText('Escribe un enlace que empiece con http:// o https://, sin espacios.');
  await expect(page.getByLabel('Enlace al documento del paso 1', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the steps with a refused link');
  x = await stored(cabildo, 'apertura-2026');
  expect(x.steps[0].status, 'nothing stored from a refused save').toBe('pending');

  await badUrl.fill('https://hermosillo.gob.mx/acta-instalacion.pdf');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(notice(page)).toHaveText('Cambios guardados (3 pasos).');
  expect(patches.at(-1).steps.map((s) => s.n), 'only the steps that changed').toEqual([1, 2, 3]);
  expect(patches.at(-1).title).toBeUndefined();
  x = await stored(cabildo, 'apertura-2026');
  expect(x.steps[0]).toMatchObject({ status: 'done', date: '2026-01-05T18:00:00Z',
    document: { url: 'https://hermosillo.gob.mx/declaratoria.pdf' } });
  expect(x.steps[1]).toMatchObject({ status: 'in_progress', document: { sha256: sha } });
  expect(x.steps[2]).toMatchObject({ status: 'pending', document: { url: 'https://hermosillo.gob.mx/acta-instalacion.pdf' } });
  expect(x.steps.slice(3).every((s) => s.status === 'pending' && !s.document)).toBe(true);
  // The redrawn form shows what is stored, the date back in Hermosillo's clock.
  await expect(page.getByLabel('Estado del paso 1', { exact: true })).toHaveValue('done');
  await expect(page.getByLabel('Fecha del paso 1', { exact: true })).toHaveValue('2026-01-05T11:00');

  // A note on one step: one step sent.
  await page.getByLabel('Nota del paso 4', { exact: true }).fill('Instalación prevista para febrero.');
  // The form sends each step once and only the fields a step has; were the server to refuse a step
  // sent twice (400, `steps[0].n`), the page says it in words. That answer is staged once here.
  await page.route('**/api/v1/municipalities/*/exercises/apertura-2026', (route) => route.fulfill({ status: 400,
    contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_field', field: 'steps[0].n', message: 'step 4 is listed twice' } }) }),
  { times: 1 });
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByRole('alert')).toHaveText('El paso 4 se envió dos veces: recarga la página y vuelve a guardar tus cambios.');
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(notice(page)).toHaveText('Cambios guardados (1 paso).');
  expect(patches.at(-1)).toEqual({ steps: [{ n: 4, note: 'Instalación prevista para febrero.' }] });

  // The final report waits for the confirmation that it freezes.
  const final = page.getByRole('region', { name: 'Informe final' });
  await expect(final).toContainText('ya no cambia');
  await final.getByRole('button', { name: 'Emitir informe final' }).click();
  const sure = final.getByLabel('Entiendo que el informe final queda congelado al emitirlo.');
  await expect(sure).toHaveAttribute('aria-invalid', 'true');
  await expect(final.locator('.field-error')).toHaveText('Marca la casilla para confirmar que el informe quedará congelado.');
  expect((await stored(cabildo, 'apertura-2026')).final_report, 'not issued without the confirmation').toBeNull();
  await sure.check();
  await final.getByRole('button', { name: 'Emitir informe final' }).click();
  await expect(notice(page)).toHaveText('Informe final emitido.');
  x = await stored(cabildo, 'apertura-2026');
  expect(x.final_report?.issued_at).toBeTruthy();
  await expect(page.getByRole('region', { name: 'Informe final' }).getByText(/^Informe final emitido el \d/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Emitir informe final' })).toHaveCount(0);
  await expectAccessible(page, 'the exercise with its final report issued');
  await expectNoUntranslated(page);
  await expectFits(page);
  const open = page.getByRole('link', { name: 'Abrir el informe final' });
  await expect(open).toHaveAttribute('href', `${exercises}/apertura-2026/report?kind=final`);
  await open.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Informe final de cumplimiento del Plan de Acción');
});

test('a resident finds the exercise from the home page, reads its steps and opens the interim report', async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'informe-2026');
  const key = cabildo.organiserKey;
  expectStatus(await cabildo.call('POST', exercises, { key,
    body: { slug: 'apertura-2026', title: 'Apertura 2026', challenges: [plan.slug] } }), 201, 'exercise');
  const sha = 'ab'.repeat(32);
  expectStatus(await cabildo.call('PATCH', `${exercises}/apertura-2026`, { key, body: { title: 'Ejercicio de apertura 2026', steps: [
    // 05:00 UTC on 6 January is still 5 January in Hermosillo (UTC-7).
    { n: 1, status: 'done', date: '2026-01-06T05:00:00Z', document: { url: 'https://hermosillo.gob.mx/declaratoria.pdf' },
      note: 'Firmada en cabildo abierto.' },
    { n: 2, status: 'in_progress', document: { sha256: sha } }] } }), 200, 'steps');
  const api = await stored(cabildo, 'apertura-2026');
  const linked = api.steps.filter((s) => s.links.length);
  expect(linked.length, 'the server links some steps to the challenge').toBeGreaterThan(0);
  // More exercises than a page of the list holds (50): the home page reads every page.
  for (let i = 1; i <= 50; i += 1)
    expectStatus(await cabildo.call('POST', exercises, { key, body: { slug: `ejercicio-${i}`, title: `Ejercicio ${i}` } }), 201, `exercise ${i}`);

  await page.goto(`${cabildo.origin}/`);
  const hermosillo = page.locator(`section.municipality[data-slug="${m}"]`);
  await expect(hermosillo.getByRole('heading', { name: 'Ejercicios de gobierno abierto' })).toBeVisible();
  await expect(hermosillo.locator('.home-exercises li')).toHaveCount(51);
  await expect(hermosillo.getByRole('link', { name: 'Ejercicio 50', exact: true })).toBeVisible();
  await hermosillo.getByRole('link', { name: 'Ejercicio de apertura 2026' }).click();
  await expect(page).toHaveURL(new RegExp(`/${m}/exercises/apertura-2026$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ejercicio de apertura 2026');
  await expect(page.getByText('1 de 13 pasos realizado', { exact: true })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Pasos realizados' })).toHaveAttribute('value', '1');
  await expect(page.getByRole('heading', { name: 'Resumen del plan de acción' })).toBeVisible();

  const steps = page.locator('ol.exercise-steps > li');
  await expect(steps).toHaveCount(13);
  const first = steps.nth(0);
  await expect(first.getByRole('heading')).toHaveText(`Paso 1. ${api.steps[0].name}`);
  await expect(first.locator('.step-status')).toHaveText('Realizado');
  await expect(first.locator('time')).toHaveAttribute('datetime', '2026-01-06T05:00:00Z');
  await expect(first.locator('time')).toHaveText(/^5 ene/);
  await expect(first.getByRole('link', { name: 'https://hermosillo.gob.mx/declaratoria.pdf' })).toBeVisible();
  await expect(first.getByText('Firmada en cabildo abierto.')).toBeVisible();
  await expect(steps.nth(1).locator('.step-status')).toHaveText('En curso');
  await expect(steps.nth(1).locator('code.sha256')).toHaveText(sha);
  await expect(steps.nth(2).locator('.step-status')).toHaveText('Pendiente');
  for (const s of linked) {
    const item = page.locator(`ol.exercise-steps > li[data-n="${s.n}"]`);
    for (const l of s.links) await expect(item.getByRole('link', { name: l.label })).toHaveAttribute('href', l.href);
  }
  await expect(page.getByRole('link', { name: 'datos JSON' })).toHaveAttribute('href',
    `${exercises}/apertura-2026/report?kind=interim&format=json`);
  await expect(page.getByText('El informe final aún no se ha emitido.')).toBeVisible();
  // The exercise's public history: its opening, then what the edit changed, in words, oldest first.
  const history = page.getByRole('region', { name: 'Historial del ejercicio' }).locator('ol.exercise-history > li');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0).locator('.history-changes > li')).toHaveText(['Se abrió el ejercicio «Apertura 2026».',
    `Retos que agrupa: ${plan.title}.`]);
  await expect(history.nth(1).locator('.history-when')).toContainText('· Organizador');
  await expect(history.nth(1).locator('.history-changes > li')).toHaveText([
    'Título: de «Apertura 2026» a «Ejercicio de apertura 2026».',
    'Paso 1: de pendiente a realizado.',
    'Paso 1: fecha 5 ene 2026.',
    'Paso 1: documento publicado: https://hermosillo.gob.mx/declaratoria.pdf',
    'Paso 1: nota: «Firmada en cabildo abierto.»',
    'Paso 2: de pendiente a en curso.',
    `Paso 2: documento publicado: SHA-256 ${sha.slice(0, 12)}…`,
  ]);
  await expectAccessible(page, 'the exercise page');
  await expectNoUntranslated(page);
  await expectFits(page);

  // A step's link is a page of the app: the announced challenge's winners (step 10).
  const results = linked.flatMap((s) => s.links).find((l) => l.href === `/${m}/${plan.slug}/results`);
  expect(results, `a link to the results among ${JSON.stringify(linked.map((s) => [s.n, s.links]))}`).toBeTruthy();
  await page.locator('ol.exercise-steps').getByRole('link', { name: results.label }).click();
  await expect(page).toHaveURL(new RegExp(`${results.href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Resultados: ${plan.title}`);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ejercicio de apertura 2026');

  await page.getByRole('link', { name: 'Informe intermedio (para imprimir)' }).click();
  await expect(page).toHaveURL(/\/report\?kind=interim$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Informe intermedio de cumplimiento del Plan de Acción');

  // The organiser's list reads every page too.
  await logIn(page, cabildo.origin, key);
  await page.goto(`${cabildo.origin}/organiser/exercises`);
  await expect(page.locator('ul.org-exercises > li')).toHaveCount(51);
  await expect(page.getByRole('link', { name: 'Ejercicio 50', exact: true })).toBeVisible();
});
