// Commitments in the browser: after the announcement an organiser writes a commitment on its page
// (the weights' sum counted as typed, the server's refusals beside their fields, dates typed in
// Hermosillo's clock and stored in UTC) and reports its progress (a 51st note of one key refused in
// words); an independent verifier's key verifies it with a link (a milestone's evidence read past
// the history's first page), or rejects it and later verifies with a document's SHA-256 computed
// in the browser; a resident follows it all on the public progress page (a long history a page at a
// time), on a 360 px phone too.
// State the page is not about is set through the HTTP API. axe after every step that shows a form.
import { createHash } from 'node:crypto';
import { test, expect, m, expectStatus, expectAccessible, expectNoUntranslated, snap } from './fixtures.mjs';
import { setUpPlan, createCommitment, commitmentBody, updateCommitment, verifierKey, logIn, expectFits, duringDevelopment,
  ideaTitles } from './progress_setup.mjs';

// The page's notice after an action (the weights' sum and the hash are statuses too).
const notice = (page) => page.locator('p.notice[role="status"]');
const card = (page, title) => page.locator('li.org-commitment').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

test('an organiser creates a commitment after the announcement; refusals show beside their fields', { tag: '@desktop' }, async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'ciclovias-2026');
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await page.getByRole('link', { name: plan.title }).click();
  await page.getByRole('navigation', { name: 'Secciones del reto' }).getByRole('link', { name: 'Compromisos' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Compromisos de «${plan.title}»`);
  await expect(page.getByRole('link', { name: 'Compromisos' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Aún no hay compromisos.')).toBeVisible();

  // The announced winners are offered, the third idea is not; INAI's four topics as checkboxes.
  const ideas = page.getByRole('group', { name: 'Ideas ganadoras que atiende' });
  await expect(ideas.getByRole('checkbox')).toHaveCount(2);
  await expect(ideas.getByLabel(ideaTitles[0])).toBeVisible();
  await expect(ideas.getByLabel(ideaTitles[1])).toBeVisible();
  await expect(ideas.getByText(ideaTitles[2])).toHaveCount(0);
  const topics = page.getByRole('group', { name: 'Temas' });
  await expect(topics.getByRole('checkbox')).toHaveCount(4);
  for (const topic of ['Seguimiento de recursos públicos en el ámbito local', 'Perspectiva de género',
    'Fortalecimiento de los sistemas locales anticorrupción', 'Agenda 2030 de Desarrollo Sostenible'])
    await expect(topics.getByLabel(topic, { exact: true })).toBeVisible();

  // The dates start as the development window, in Hermosillo's clock.
  await expect(page.getByLabel('Inicio', { exact: true })).toHaveValue('2026-02-02T00:00');
  await expect(page.getByLabel('Fin', { exact: true })).toHaveValue('2026-06-30T00:00');
  await expect(page.locator('form.org-commitment-form')).not.toContainText(/\bnull\b|undefined/);

  await ideas.getByLabel(ideaTitles[0]).check();
  await page.getByLabel('Título del compromiso').fill('Ciclovía del bulevar Kino');
  const objective = 'Construir una ciclovía segura a lo largo del bulevar Kino.';
  await page.getByLabel('Objetivo').fill(objective);
  // Each text the server limits counts its characters as it is typed.
  const countOf = (label) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.char-count');
  await expect(countOf('Objetivo')).toHaveText(`${[...objective].length} de 5,000 caracteres`);
  await expect(countOf('Título del compromiso')).toHaveText('25 de 200 caracteres');
  await page.getByLabel('Responsable', { exact: true }).fill('Dirección de Movilidad');
  await page.getByLabel('Inicio', { exact: true }).fill('2026-02-09T08:00');
  await page.getByLabel('Fin', { exact: true }).fill('2026-05-29T18:00');
  await page.getByLabel('Indicador').fill('km de ciclovía construidos');
  await page.getByLabel('Meta').fill('3 km');
  await topics.getByLabel('Perspectiva de género').check();
  await page.getByLabel('Otros temas').fill('movilidad');

  // The sum is counted as the weights are typed.
  const sum = page.locator('#milestones-sum');
  await expect(sum).toHaveText('Suma: 0 de 100. Faltan 100.');
  await page.getByLabel('Hito 1: título').fill('Proyecto ejecutivo');
  await page.getByLabel('Hito 1: peso').fill('50');
  await expect(sum).toHaveText('Suma: 50 de 100. Faltan 50.');
  await page.getByRole('button', { name: 'Agregar un hito' }).click();
  await expect(page.getByLabel('Hito 2: título')).toBeFocused();
  await page.getByLabel('Hito 2: título').fill('Obra terminada');
  await page.getByLabel('Hito 2: peso').fill('25');
  await page.getByLabel('Hito 2: fecha límite').fill('2026-04-30T12:00');
  await expect(sum).toHaveText('Suma: 75 de 100. Faltan 25.');
  await expect(sum).toHaveClass(/is-off/);

  // The server refuses the sum; its words show beside the sum, the weights are marked.
  await page.getByRole('button', { name: 'Crear el compromiso' }).click();
  const sumError = page.locator('#milestones-sum-error');
  await expect(sumError).toHaveText('Los hitos (de 1 a 50) deben tener pesos enteros que sumen exactamente 100; ahora suman 75.');
  await expect(page.getByLabel('Hito 1: peso')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Hito 2: peso')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Hito 1: peso')).toBeFocused();
  await expect(page.getByLabel('Título del compromiso')).toHaveValue('Ciclovía del bulevar Kino');
  await expectAccessible(page, 'the commitment form with a refused sum');
  await snap(page, 'organiser-commitment-refused');
  expect(expectStatus(await cabildo.call('GET', `${plan.base}/commitments`), 200, 'the commitments').commitments,
    'nothing stored from a refused form').toEqual([]);

  // Fixed sum, but an end after the development window: refused beside "Fin".
  await page.getByLabel('Hito 2: peso').fill('50');
  await expect(sum).toHaveText('Suma: 100 de 100. Completa.');
  await expect(sum).not.toHaveClass(/is-off/);
  await page.getByLabel('Fin', { exact: true }).fill('2026-07-15T12:00');
  await page.getByRole('button', { name: 'Crear el compromiso' }).click();
  await expect(page.getByLabel('Fin', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveCount(1);
  await expect(page.locator('.field-error')).toHaveText('El fin debe quedar dentro de la ventana de desarrollo y después del inicio.');
  await expect(page.getByLabel('Hito 1: peso')).not.toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Fin', { exact: true }).fill('2026-05-29T18:00');
  await page.getByRole('button', { name: 'Crear el compromiso' }).click();
  await expect(notice(page)).toHaveText('Compromiso «Ciclovía del bulevar Kino» creado.');
  const made = card(page, 'Ciclovía del bulevar Kino');
  await expect(made).toHaveAttribute('data-status', 'not_started');
  await expect(made.locator('.formula')).toHaveText(/^Avance 0\s?% \(hitos completados 0 de 2\)$/);
  await expect(page.getByRole('heading', { name: '1 compromiso' })).toBeVisible();
  // The winner it carries out is not offered again.
  await expect(ideas.getByLabel(ideaTitles[0])).toBeDisabled();
  await expect(ideas.getByText('Ya la atiende «Ciclovía del bulevar Kino».')).toBeVisible();
  await expectAccessible(page, 'the commitments with the new one');

  // Stored as typed, the wall clock of Hermosillo (UTC-7) in UTC.
  const [stored] = expectStatus(await cabildo.call('GET', `${plan.base}/commitments`), 200, 'the commitments').commitments;
  expect(stored).toMatchObject({
    title: 'Ciclovía del bulevar Kino', responsible: 'Dirección de Movilidad',
    starts: '2026-02-09T15:00:00Z', ends: '2026-05-30T01:00:00Z',
    indicator: 'km de ciclovía construidos', target: '3 km',
    topics: ['Perspectiva de género', 'movilidad'],
    status: 'not_started', progress: 0,
  });
  expect(stored.ideas.map((i) => i.id)).toEqual([plan.winners[0]]);
  expect(stored.milestones.map((x) => [x.title, x.weight, x.due ?? null]))
    .toEqual([['Proyecto ejecutivo', 50, null], ['Obra terminada', 50, '2026-04-30T19:00:00Z']]);
  await expectNoUntranslated(page);
});

test('an organiser reports progress, a verifier verifies it with a link, the public sees it verified', async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'ciclovias-2026');
  const made = await createCommitment(cabildo, plan);
  await cabildo.setClock(duringDevelopment);

  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await page.goto(`${cabildo.origin}/organiser/${plan.slug}/commitments`);
  const item = card(page, made.title);
  await item.getByRole('button', { name: 'Iniciar el compromiso' }).click();
  await expect(notice(page)).toHaveText(`«${made.title}» quedó iniciado.`);
  await expect(item).toHaveAttribute('data-status', 'started');
  await expect(item.getByRole('button', { name: 'Iniciar el compromiso' })).toHaveCount(0);

  await item.getByLabel('Evidencia de «Proyecto ejecutivo» (enlace, opcional)').fill('https://transparencia.hermosillo.gob.mx/ciclovia/proyecto');
  await item.getByRole('button', { name: 'Completar «Proyecto ejecutivo»' }).click();
  await expect(notice(page)).toHaveText('Hito «Proyecto ejecutivo» completado.');
  await expect(item.locator('.formula')).toHaveText(/^Avance 50\s?% = 50 \(hitos completados 1 de 2\)$/);
  await expect(item.getByRole('progressbar')).toHaveAttribute('value', '50');

  // A bad evidence link is refused beside its field.
  await item.getByLabel('Evidencia de «Obra terminada» (enlace, opcional)').fill('ftp://nada');
  await item.getByRole('button', { name: 'Completar «Obra terminada»' }).click();
  await expect(item.getByLabel('Evidencia de «Obra terminada» (enlace, opcional)')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the organiser commitments with a refused link');

  await item.getByLabel(`Nota pública sobre «${made.title}»`).fill('Licitación publicada.');
  await item.getByRole('button', { name: 'Publicar nota' }).click();
  await expect(notice(page)).toHaveText('Nota publicada.');
  // 49 more notes from the same key (the API), the 50 a key may write on a commitment: the next is
  // refused beside the note, in words.
  for (let i = 2; i <= 50; i += 1)
    await updateCommitment(cabildo, plan, made.id, cabildo.organiserKey, { action: 'note', note: `Avance semanal n.º ${i}.` });
  await page.reload();
  await card(page, made.title).getByLabel(`Nota pública sobre «${made.title}»`).fill('Una nota de más.');
  await card(page, made.title).getByRole('button', { name: 'Publicar nota' }).click();
  const noteField = card(page, made.title).getByLabel(`Nota pública sobre «${made.title}»`);
  await expect(noteField).toHaveAttribute('aria-invalid', 'true');
  await expect(card(page, made.title).locator('.field-error'))
    .toHaveText('Esta clave ya publicó las 50 notas que se permiten por compromiso: no caben más notas suyas en este.');
  await expectAccessible(page, 'a note past the limit, refused');

  // The last milestone's evidence lies past the history's first page: the verifier still sees it.
  await item.getByLabel('Evidencia de «Obra terminada» (enlace, opcional)').fill('https://transparencia.hermosillo.gob.mx/ciclovia/obra');
  await item.getByRole('button', { name: 'Completar «Obra terminada»' }).click();
  await expect(notice(page)).toHaveText('Hito «Obra terminada» completado.');
  await expect(item).toHaveAttribute('data-status', 'completed');
  await expect(item.locator('.formula')).toHaveText(/^Avance 100\s?% = 50 \+ 50 \(hitos completados 2 de 2\)$/);
  // The organiser cannot verify its own work: no such button, and the server says no.
  await expect(page.getByRole('button', { name: 'Verificar' })).toHaveCount(0);
  const own = await cabildo.call('POST', `${plan.base}/commitments/${made.id}/updates`, { key: cabildo.organiserKey,
    body: { action: 'verify', note: 'yo mismo', evidence: { url: 'https://example.org/x' } } });
  expect(own.status, own.text).toBe(403);
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();

  // The verifier's key: its municipality's challenges, then the verification page, no editing.
  const key = await verifierKey(cabildo);
  await logIn(page, cabildo.origin, key);
  await expect(page.getByText('Verificación independiente de hermosillo.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nuevo reto' })).toHaveCount(0);
  await page.getByRole('link', { name: plan.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Verificación de «${plan.title}»`);
  await expect(page.getByRole('navigation', { name: 'Secciones del reto' }).getByRole('link')).toHaveText(['Retos', 'Compromisos']);
  for (const name of ['Crear el compromiso', 'Iniciar el compromiso', 'Publicar nota', /^Completar/])
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  const toVerify = card(page, made.title);
  await expect(toVerify.getByRole('link', { name: 'https://transparencia.hermosillo.gob.mx/ciclovia/proyecto' })).toBeVisible();
  await expect(toVerify.getByRole('link', { name: 'https://transparencia.hermosillo.gob.mx/ciclovia/obra' })).toBeVisible();
  await expectAccessible(page, 'the verification page');
  await snap(page, 'verifier');

  // Evidence is required (a link or a SHA-256), then a note.
  await toVerify.getByRole('button', { name: 'Verificar' }).click();
  await expect(toVerify.getByLabel('Enlace a la evidencia')).toHaveAttribute('aria-invalid', 'true');
  await expect(toVerify.locator('.field-error')).toHaveText('Da un enlace o el SHA-256 del documento.');
  await toVerify.getByLabel('Enlace a la evidencia').fill('https://contraloria.hermosillo.gob.mx/verificacion/ciclovia');
  await toVerify.getByRole('button', { name: 'Verificar' }).click();
  await expect(toVerify.getByLabel('Nota de verificación (obligatoria)')).toHaveAttribute('aria-invalid', 'true');
  await toVerify.getByLabel('Nota de verificación (obligatoria)').fill('Recorrido en sitio: 3 km construidos.');
  await toVerify.getByRole('button', { name: 'Verificar' }).click();
  await expect(notice(page)).toHaveText(`«${made.title}» quedó verificado.`);
  await expect(page.getByText('No hay compromisos completados por verificar.')).toBeVisible();
  await expect(card(page, made.title)).toHaveAttribute('data-status', 'verified');
  // Other pages are closed to the verifier's key, in words.
  await page.goto(`${cabildo.origin}/organiser/${plan.slug}/edit`);
  await expect(page.getByRole('alert')).toContainText('solo abre la verificación de compromisos');

  // The public page: verified, 100 %, the sum in words, the history with the verification.
  await page.goto(`${cabildo.origin}/${m}/${plan.slug}/progress`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Avance de compromisos: ${plan.title}`);
  const verified = page.getByRole('region', { name: 'Verificado (1)' });
  const article = verified.locator(`article.commitment[data-id="${made.id}"]`);
  await expect(article).toHaveAttribute('data-status', 'verified');
  await expect(article.getByRole('progressbar', { name: `Avance de «${made.title}»` })).toHaveAttribute('value', '100');
  await expect(article.locator('.formula')).toHaveText(/^Avance 100\s?% = 50 \+ 50 \(hitos completados 2 de 2\)$/);
  await expect(article.locator('.verification')).toContainText('Recorrido en sitio: 3 km construidos.');
  await expect(page.locator('.progress-legend li[data-status="verified"]')).toHaveText('Verificado: 1 de 1');
  await expect(page.locator('.progress-overall')).toHaveText(/^1 compromiso · Avance general: 100\s?%$/);
  await expect(article.getByRole('link', { name: ideaTitles[0] })).toHaveAttribute('href', `/${m}/${plan.slug}/ideas/${plan.winners[0]}`);
  await expect(article).toContainText('(lugar 1, 3 votos)');
  await expect(article).toContainText('Dirección de Movilidad');
  await article.getByText('Hitos e historial').click();
  // The history's first 50 entries, then "Ver más entradas" for the rest, oldest first.
  const history = article.locator('ol.history > li');
  await expect(history).toHaveCount(50);
  await expect(article.locator('.more-shown')).toHaveText('Ves 50 de 55 entradas.');
  await article.getByRole('button', { name: 'Ver más entradas' }).click();
  await expect(history).toHaveCount(55);
  await expect(history.nth(50)).toBeFocused();
  await expect(article.getByRole('button', { name: 'Ver más entradas' })).toBeHidden();
  await expect(article.locator('.more-shown')).toHaveText('Ves 55 de 55 entradas.');
  expect(await history.evaluateAll((items) => items.map((i) => i.dataset.action)))
    .toEqual(['created', 'started', 'milestone_completed', ...Array(50).fill('note'), 'milestone_completed', 'verified']);
  const verification = article.locator('li.history-entry.is-verified');
  await expect(verification).toContainText('Verificación independiente');
  await expect(verification).toContainText('✔ Verificó el compromiso');
  await expect(verification.getByRole('link', { name: 'https://contraloria.hermosillo.gob.mx/verificacion/ciclovia' })).toBeVisible();
  await expect(history.nth(2)).toContainText('Completó el hito 1: «Proyecto ejecutivo»');
  await expect(history.nth(3)).toContainText('Licitación publicada.');
  await expectAccessible(page, 'the public progress page with the history open');
  await expectNoUntranslated(page);

  // One commitment's own page, its history paged the same way; the open data.
  await article.getByRole('link', { name: made.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(made.title);
  await expect(page.locator('ol.history > li')).toHaveCount(50);
  await page.getByRole('button', { name: 'Ver más entradas' }).click();
  await expect(page.locator('ol.history > li')).toHaveCount(55);
  await expect(page.locator('ol.history > li').last()).toHaveAttribute('data-action', 'verified');
  await expectAccessible(page, "a commitment's page");
  await page.goBack();
  await expect(page.getByRole('link', { name: 'Compromisos en CSV' })).toHaveAttribute('href',
    `/api/v1/municipalities/${m}/challenges/${plan.slug}/commitments?format=csv`);
  await expect(page.getByRole('link', { name: 'Compromisos en JSON' })).toHaveAttribute('href', /commitments\?format=json$/);
  const csv = await cabildo.call('GET', `${plan.base}/commitments?format=csv`);
  expect(csv.status).toBe(200);
  expect(csv.text).toContain('https://contraloria.hermosillo.gob.mx/verificacion/ciclovia');
});

test('a verifier rejects a completed commitment, then verifies it with a SHA-256 computed in the browser', async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'sombra-2026');
  const made = await createCommitment(cabildo, plan);
  await cabildo.setClock(duringDevelopment);
  const organiser = cabildo.organiserKey;
  await updateCommitment(cabildo, plan, made.id, organiser, { action: 'complete_milestone', milestone: 1 });
  await updateCommitment(cabildo, plan, made.id, organiser, { action: 'complete_milestone', milestone: 2 });

  const key = await verifierKey(cabildo);
  await logIn(page, cabildo.origin, key);
  await page.goto(`${cabildo.origin}/organiser/${plan.slug}/commitments`);
  const item = card(page, made.title);
  await item.getByRole('button', { name: 'Rechazar' }).click();
  await expect(item.getByLabel('Motivo del rechazo (obligatorio)')).toHaveAttribute('aria-invalid', 'true');
  await item.getByLabel('Motivo del rechazo (obligatorio)').fill('Falta el acta de entrega de la obra.');
  await item.getByRole('button', { name: 'Rechazar' }).click();
  await expect(notice(page)).toHaveText(`«${made.title}» fue rechazado: vuelve a estar iniciado.`);
  await expect(card(page, made.title)).toHaveAttribute('data-status', 'started');
  const rejected = expectStatus(await cabildo.call('GET', `${plan.base}/commitments/${made.id}`), 200, 'the commitment');
  expect(rejected).toMatchObject({ status: 'started', progress: 50 });
  expect(rejected.milestones[1].completed_at ?? null).toBeNull();
  expect(rejected.history.at(-1)).toMatchObject({ action: 'rejected', by: 'verifier', note: 'Falta el acta de entrega de la obra.' });

  // Completed again; the verifier hashes the delivery record here and verifies with it.
  await updateCommitment(cabildo, plan, made.id, organiser, { action: 'complete_milestone', milestone: 2 });
  await page.reload();
  const again = card(page, made.title);
  const record = Buffer.from('Acta de entrega de la obra, 3 km de ciclovía.\n');
  const sha = createHash('sha256').update(record).digest('hex');
  await again.getByLabel('O elige el documento para calcular su SHA-256').setInputFiles({ name: 'acta.txt', mimeType: 'text/plain', buffer: record });
  await expect(again.getByLabel('SHA-256 del documento')).toHaveValue(sha);
  await expect(again.getByText('SHA-256 de acta.txt calculado en este dispositivo.')).toBeVisible();
  await again.getByLabel('Nota de verificación (obligatoria)').fill('El acta coincide con la obra.');
  await expectAccessible(page, 'the verification form with a hash');
  await again.getByRole('button', { name: 'Verificar' }).click();
  await expect(notice(page)).toHaveText(`«${made.title}» quedó verificado.`);
  const verified = expectStatus(await cabildo.call('GET', `${plan.base}/commitments/${made.id}`), 200, 'the commitment');
  expect(verified.status).toBe('verified');
  expect(verified.verification.evidence).toMatchObject({ sha256: sha });

  // The public history shows the rejection and the hash.
  await page.goto(`${cabildo.origin}/${m}/${plan.slug}/progress/${made.id}`);
  await expect(page.locator('li.history-entry.is-rejected')).toContainText('Falta el acta de entrega de la obra.');
  await expect(page.locator('li.history-entry.is-verified code.sha256')).toHaveText(sha);
  await expect(page.locator('.verification code.sha256')).toHaveText(sha);
  await expectAccessible(page, 'a commitment verified by its hash');
  await expectNoUntranslated(page);
  await expectFits(page);
});

test('a resident follows the action plan on the progress page, on a phone too', async ({ page, cabildo }) => {
  const plan = await setUpPlan(cabildo, 'plan-2026', { winners: 3 });
  // Before any commitment: the page says so; the challenge page links to it.
  await page.goto(`${cabildo.origin}/${m}/${plan.slug}`);
  await page.getByRole('link', { name: 'Ver avance de compromisos' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Avance de compromisos: ${plan.title}`);
  await expect(page.getByText('Aún no hay compromisos registrados.', { exact: false })).toBeVisible();
  await expectAccessible(page, 'the empty progress page');
  await expectNoUntranslated(page);

  // Three commitments: verified by a hash, started with one of three milestones, not started.
  const organiser = cabildo.organiserKey;
  const sha = 'ab'.repeat(32);
  const bike = await createCommitment(cabildo, plan);
  const shade = await createCommitment(cabildo, plan, {
    title: 'Sombra para el parque Madero', responsible: 'Dirección de Parques y Jardines', ideas: [plan.winners[1]],
    indicator: 'árboles plantados', target: '120 árboles', topics: ['Agenda 2030 de Desarrollo Sostenible'],
    milestones: [{ title: 'Vivero', weight: 20 }, { title: 'Plantación', weight: 50 }, { title: 'Riego', weight: 30 }],
  });
  const lights = await createCommitment(cabildo, plan, { title: 'Alumbrado de la colonia Centro', ideas: [plan.winners[2]] });
  // An idea already carried out, or one that did not win, is refused by the server.
  for (const idea of [plan.winners[1], plan.ideas[3].id]) {
    const refused = await cabildo.call('POST', `${plan.base}/commitments`,
      { key: organiser, body: commitmentBody(plan, { title: 'Otra vez', ideas: [idea] }) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.field).toBe('ideas[0]');
  }
  await cabildo.setClock(duringDevelopment);
  await updateCommitment(cabildo, plan, bike.id, organiser, { action: 'complete_milestone', milestone: 1 });
  await updateCommitment(cabildo, plan, bike.id, organiser, { action: 'complete_milestone', milestone: 2 });
  await updateCommitment(cabildo, plan, bike.id, await verifierKey(cabildo),
    { action: 'verify', note: 'Acta revisada.', evidence: { sha256: sha } });
  await updateCommitment(cabildo, plan, shade.id, organiser, { action: 'complete_milestone', milestone: 2 });

  // From the results page.
  await page.goto(`${cabildo.origin}/${m}/${plan.slug}/results`);
  await page.getByRole('link', { name: /avance de los compromisos/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Avance de compromisos: ${plan.title}`);
  await expect(page.locator('.progress-legend li')).toHaveText(['Por iniciar: 1 de 3', 'Iniciado: 1 de 3', 'Completado: 0 de 3',
    'Verificado: 1 de 3']);
  await expect(page.locator('.progress-overall')).toHaveText(/^3 compromisos · Avance general: 50\s?%$/);
  // The stacked bar: one part per status present, each a third of the width, its number written.
  const parts = page.locator('.progress-stack .stack-part');
  await expect(parts).toHaveText(['1', '1', '1']);
  const widths = await parts.evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect().width));
  const whole = await page.locator('.progress-stack').evaluate((bar) => bar.getBoundingClientRect().width);
  for (const w of widths) expect(Math.abs(w - whole / 3)).toBeLessThan(2);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Resumen del plan de acción', 'Verificado (1)', 'Iniciado (1)',
    'Por iniciar (1)', 'Datos abiertos de los compromisos']);
  await expect(page.getByRole('region', { name: 'Por iniciar (1)' }).locator('article.commitment')).toHaveAttribute('data-id', String(lights.id));
  const started = page.locator(`article.commitment[data-id="${shade.id}"]`);
  await expect(started.locator('.formula')).toHaveText(/^Avance 50\s?% = 50 \(hitos completados 1 de 3\)$/);
  await expect(started.getByRole('progressbar')).toHaveAttribute('value', '50');
  await expect(started).toContainText('Dirección de Parques y Jardines');
  await expect(started).toContainText('Agenda 2030 de Desarrollo Sostenible');
  await expect(started).toContainText('árboles plantados');
  await expect(started).toContainText('120 árboles');
  // Dates in Hermosillo's calendar: 2026-05-29T15:00Z is the morning of 29 May there.
  await expect(started).toContainText(/del 9 feb 2026 al 29 may 2026/);
  const done = page.locator(`article.commitment[data-id="${bike.id}"]`);
  await expect(done.locator('.verification code.sha256')).toHaveText(sha);
  await expect(page.locator('#view')).not.toContainText(/\bnull\b|undefined|NaN/);
  await expectAccessible(page, 'the progress page');
  await snap(page, 'progress');
  await started.getByText('Hitos e historial').click();
  await expect(started.locator('ol.milestones > li')).toHaveText([/^Pendiente: Vivero peso 20$/,
    /^✓ Hecho: Plantación peso 50 · completado el 10 feb 2026$/, /^Pendiente: Riego peso 30$/]);
  await expect(started.locator('ol.history > li')).toHaveCount(2);
  await expect(started.locator('ol.history > li').nth(1)).toContainText('Completó el hito 2: «Plantación»');
  await expectAccessible(page, 'the progress page with a history open');
  await expectNoUntranslated(page);
  await expectFits(page);

  // In English too.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Commitments' progress: ${plan.title}`);
  await expect(page.locator('.progress-legend li')).toHaveText(['Not started: 1 of 3', 'Started: 1 of 3', 'Completed: 0 of 3',
    'Verified: 1 of 3']);
  await expect(page.locator(`article.commitment[data-id="${shade.id}"] .formula`))
    .toHaveText('Progress 50% = 50 (1 of 3 milestones completed)');
  await expectNoUntranslated(page);
  await expectAccessible(page, 'the progress page in English');
  await expectFits(page);

  // The challenge's calendar in the order things happen, its times named in words, never the IANA
  // zone; once the development window has closed, the development is said to be over (the server
  // keeps the status `development`).
  await page.getByLabel('Language').selectOption('es-MX');
  await page.goto(`${cabildo.origin}/${m}/${plan.slug}`);
  await expect(page.locator('article.challenge .phases .status')).toHaveText('En desarrollo');
  expect(await page.locator('ol.timeline-list > li').evaluateAll((items) => items.map((li) => li.dataset.phase)))
    .toEqual(['submission', 'voting', 'announcement', 'development']);
  await expect(page.locator('.timeline-zone')).toHaveText('Horario: hora estándar del Pacífico de México.');
  await expect(page.locator('#view')).not.toContainText('America/');
  await cabildo.setClock('2027-01-15T00:00:00Z');
  await page.reload();
  await expect(page.locator('article.challenge .phases .status')).toHaveText('Desarrollo concluido');
  await expectAccessible(page, 'a past edition');
  await expectFits(page);
});
