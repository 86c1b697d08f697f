// The organiser's side in the browser: log in with a key, create a challenge in the editor (the
// server's refusal shown beside its field), moderate, run the desk (by reference, a printed card
// batch; the same key again, a reissue, a revocation), move the test clock through voting, see the
// count, announce; the audit log shows it all. A desk's key sees only the desk and blind-signs a
// pasted request; the admin creates a municipality and a key; English as well. axe after every step.
// The refusals these flows provoke are 4xx answers of /api/v1/, which fixtures.mjs lets pass.
import { test, expect, m, c, base_path, expectStatus, expectAccessible, expectNoUntranslated, snap } from './fixtures.mjs';

const slug = 'banquetas-2026';
const newBase = `/api/v1/municipalities/${m}/challenges/${slug}`;

async function logIn(page, origin, key) {
  await page.goto(`${origin}/organiser`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrada de organizadores');
  await expectAccessible(page, 'the login page');
  await page.getByLabel('Clave', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

// The editor in the municipality's wall clock (Hermosillo is UTC-7 all year).
async function fillEditor(page) {
  await page.getByLabel('Título').fill('Banquetas para todos');
  await page.getByLabel('Identificador en la dirección').fill(slug);
  await page.getByLabel('Descripción').fill('Banquetas seguras en cada colonia');
  await page.getByLabel('Categorías').fill('banquetas, accesibilidad');
  await page.getByLabel('Tipo de boleta').selectOption('approval');
  await page.getByLabel('Máximo de ideas por boleta').fill('2');
  await page.getByLabel('Ideas: abre').fill('2026-01-11T08:00');
  await page.getByLabel('Ideas: cierra').fill('2026-01-15T08:00');
  await page.getByLabel('Votación: abre').fill('2026-01-11T08:00');
  await page.getByLabel('Votación: cierra').fill('2026-01-20T08:00');
}

test('an organiser runs a challenge from launch to announced winners', async ({ page, cabildo }) => {
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Retos de Hermosillo');
  await expect(page.getByRole('link', { name: 'Presupuesto participativo 2026' })).toBeVisible();
  await expectAccessible(page, 'the list of challenges');

  // The editor: an announcement before voting closes is refused beside its field, nothing lost.
  await page.getByRole('link', { name: 'Nuevo reto' }).click();
  await expect(page.getByText('Horas en la zona del municipio: America/Hermosillo.')).toBeVisible();
  await fillEditor(page);
  await page.getByLabel('Anuncio de ganadores').fill('2026-01-19T08:00');
  await page.getByRole('button', { name: 'Crear el reto' }).click();
  const announcement = page.getByLabel('Anuncio de ganadores');
  await expect(announcement).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toContainText('the announcement must not come before voting closes');
  await expect(page.getByLabel('Título')).toHaveValue('Banquetas para todos');
  await expectAccessible(page, 'the editor with a refusal');
  await snap(page, 'organiser-editor');
  await announcement.fill('2026-01-21T10:00');
  await page.getByRole('button', { name: 'Crear el reto' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Banquetas para todos');
  const made = expectStatus(await cabildo.call('GET', newBase), 200, 'the new challenge');
  expect(made.timeline).toMatchObject({
    submission: { opens: '2026-01-11T15:00:00Z', closes: '2026-01-15T15:00:00Z' },
    voting: { opens: '2026-01-11T15:00:00Z', closes: '2026-01-20T15:00:00Z' },
    announcement: '2026-01-21T17:00:00Z',
  });
  expect(made.ballot).toMatchObject({ kind: 'approval', max_choices: 2 });
  expect(made.categories).toEqual(['banquetas', 'accesibilidad']);

  // An edit sends what changed: the title.
  await expect(page.getByRole('status')).toHaveText('Reto creado.');
  await expect(page.getByRole('link', { name: 'Editar' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Votación: cierra')).toHaveValue('2026-01-20T08:00');
  await page.getByLabel('Título').fill('Banquetas para todas y todos');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByRole('status')).toHaveText('Cambios guardados.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Banquetas para todas y todos');

  // Moderation on the fixture's challenge: hide with a reason, then restore.
  await page.goto(`${cabildo.origin}/organiser/${c}/moderation`);
  const idea = page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`);
  await idea.getByLabel('Motivo (lo verá el público)').fill('Duplicada de otra propuesta');
  await idea.getByRole('button', { name: 'Ocultar' }).click();
  await expect(page.getByRole('status')).toContainText('quedó oculta');
  await expect(page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`)).toHaveClass(/is-hidden/);
  const hidden = expectStatus(await cabildo.call('GET', `${base_path}/ideas/${cabildo.ideas[0]}`), 200, 'the hidden idea');
  expect(hidden).toMatchObject({ status: 'hidden', hidden_reason: 'Duplicada de otra propuesta' });
  await expectAccessible(page, 'the moderation queue');
  const again = page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`);
  await again.getByLabel('Motivo (lo verá el público)').fill('Revisada: es distinta');
  await again.getByRole('button', { name: 'Restaurar' }).click();
  await expect(page.getByRole('status')).toContainText('volvió a ser visible');

  // The desk of the new challenge: a key by reference, then a batch of cards and its print view.
  await page.goto(`${cabildo.origin}/organiser/${slug}/desk`);
  await page.getByLabel('Referencia de identidad').fill('CURP-ANA-1');
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.getByText('Clave emitida para CURP-ANA-1.')).toBeVisible();
  const link = await page.getByRole('link', { name: 'Abrir el enlace de votación' }).getAttribute('href');
  expect(link).toMatch(new RegExp(`^${cabildo.origin}/#/${m}/${slug}\\?token=[A-Za-z0-9_.-]+$`));
  // Asking again gives the same key; a lost card is reissued (a new key), and revoked by reference.
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.getByRole('link', { name: 'Abrir el enlace de votación' })).toHaveAttribute('href', link);
  await page.getByLabel(/Reemplazar su clave/).check();
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.getByRole('link', { name: 'Abrir el enlace de votación' })).not.toHaveAttribute('href', link);
  await page.getByLabel('Lista para revocar').fill('curp ana 1');
  await page.getByRole('button', { name: 'Revocar', exact: true }).click();
  await expect(page.getByText('Revocadas: 1. Desconocidas o ya revocadas: 0.')).toBeVisible();
  await page.getByLabel('Número de tarjetas').fill('3');
  await page.getByLabel('Etiqueta', { exact: true }).fill('Mesa 1');
  await page.getByRole('button', { name: 'Crear lote' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lote «Mesa 1»' })).toHaveText('Lote «Mesa 1» creado con 3 tarjetas.');
  await page.getByRole('button', { name: 'Imprimir Mesa 1' }).click();
  await expect(page.locator('#print-view article.card')).toHaveCount(3);
  await expect(page.locator('#print-view article.card svg.qr')).toHaveCount(3);
  await expectAccessible(page, 'the desk with a print view');
  await snap(page, 'desk');

  // Ideas and ballots through the API, then the clock past the close of voting.
  await cabildo.setClock('2026-01-12T00:00:00Z');
  const cards = expectStatus(await cabildo.call('POST', `${newBase}/tokens`, { key: cabildo.organiserKey, body: { count: 3 } }),
    201, 'cards').tokens.map((x) => x.token);
  const ids = [];
  for (const [i, title] of ['Rampas en cada esquina', 'Banqueta ancha en el centro'].entries()) {
    ids.push(expectStatus(await cabildo.call('POST', `${newBase}/ideas`,
      { body: { token: cards[i], title, description: 'Una propuesta', category: 'banquetas' } }), 201, title).id);
  }
  for (const [token, choices] of [[cards[0], [ids[0]]], [cards[1], [ids[0], ids[1]]], [cards[2], [ids[0]]]])
    expectStatus(await cabildo.call('PUT', `${newBase}/ballot`, { body: { token, choices } }), 200, 'a ballot');
  await cabildo.setClock('2026-01-20T16:00:00Z');

  await page.goto(`${cabildo.origin}/organiser/${slug}/count`);
  const rows = page.locator('table.count tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Rampas en cada esquina');
  await expect(rows.first()).toContainText('3');
  await expect(page.locator('table.count caption')).toHaveText('3 boletas contadas');
  await expectAccessible(page, 'the count');
  await snap(page, 'count');
  await page.getByLabel('Revisé el conteo y quiero publicarlo').check();
  await page.getByRole('button', { name: 'Anunciar ganadores' }).click();
  await expect(page.getByRole('status')).toHaveText('Ganadores anunciados: los resultados ya son públicos.');
  expectStatus(await cabildo.call('GET', `${newBase}/results`), 200, 'the public results');
  await expect(page.getByRole('link', { name: 'Ver los resultados públicos' })).toBeVisible();
  await expectAccessible(page, 'the count once announced');

  // The audit log tells it all.
  await page.getByRole('link', { name: 'Bitácora' }).click();
  for (const action of ['challenge.create', 'challenge.update', 'tokens.issue', 'tokens.print', 'challenge.announce'])
    await expect(page.locator(`table.audit td[data-action="${action}"]`).first()).toBeVisible();
  await expect(page.locator('table.audit td[data-action="challenge.announce"]').first()).toHaveText('Ganadores anunciados');
  await expectAccessible(page, 'the audit log');
  await expectNoUntranslated(page);
});

test('a desk key sees only the desk', async ({ page, cabildo }) => {
  const issuer = expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/keys`,
    { key: cabildo.adminKey, body: { role: 'issuer', label: 'Mesa 2' } }), 201, 'an issuer key').key;
  await logIn(page, cabildo.origin, issuer);
  await expect(page.getByText('Mesa de registro de hermosillo.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nuevo reto' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Presupuesto participativo 2026' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mesa de registro de «Presupuesto participativo 2026»');
  const nav = page.getByRole('navigation', { name: 'Secciones del reto' });
  await expect(nav.getByRole('link')).toHaveText(['Retos', 'Mesa de registro']);
  await expectAccessible(page, "the desk of an issuer");
  // The fixture's challenge is anonymous: the desk signs a resident's blinded message, pasted in,
  // and the resident's device turns the signature into a token that votes.
  const blindedMsg = await page.evaluate(async (keysUrl) => {
    const { startBlindToken } = await import('/blind.js');
    const jwks = await (await fetch(keysUrl, { signal: AbortSignal.timeout(15000) })).json();
    window.started = await startBlindToken(jwks);
    return window.started.blindedMsg;
  }, `${base_path}/keys`);
  await page.getByLabel('Referencia de identidad').fill('CURP-LUIS-2');
  await page.getByLabel('Código de la solicitud').fill(blindedMsg);
  await page.getByRole('button', { name: 'Firmar' }).click();
  const sig = await page.locator('code.secret').innerText();
  const token = await page.evaluate((s) => window.started.finish(s), sig);
  expectStatus(await cabildo.call('PUT', `${base_path}/ballot`, { body: { token, choices: [cabildo.ideas[0]] } }), 200, 'a blind ballot');
  await expectAccessible(page, 'the desk after a blind signature');
  // Another organiser page, typed in: refused in words.
  await page.goto(`${cabildo.origin}/organiser/${c}/moderation`);
  await expect(page.getByRole('alert')).toContainText('solo abre la mesa');
  await page.goto(`${cabildo.origin}/organiser/${c}/edit`);
  await expect(page.getByRole('alert')).toContainText('solo abre la mesa');
});

test('a wrong key is refused beside the field, and logging out forgets the key', async ({ page, cabildo }) => {
  await logIn(page, cabildo.origin, 'not-a-key-at-all');
  await expect(page.getByLabel('Clave', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toContainText('La clave no es válida o fue revocada.');
  await expectAccessible(page, 'the login page with a refusal');
  await page.getByLabel('Clave', { exact: true }).fill(cabildo.organiserKey);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Retos de Hermosillo');
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrada de organizadores');
  expect(await page.evaluate(() => sessionStorage.getItem('cabildo.organiser.key'))).toBeNull();
  // In English too, every string from the organiser's own message set.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Organisers' entrance");
  await page.getByLabel('Key', { exact: true }).fill(cabildo.organiserKey);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges of Hermosillo');
  await page.goto(`${cabildo.origin}/organiser/${c}/desk`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Presupuesto participativo 2026');
  await expectNoUntranslated(page);
  await expectAccessible(page, 'the desk in English');
});

test('the admin creates a municipality and a desk key for it', async ({ page, server }) => {
  await logIn(page, server.origin, server.adminKey);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administración');
  await page.getByLabel('Identificador', { exact: true }).fill('reynosa');
  await page.getByLabel('Nombre', { exact: true }).fill('Reynosa');
  await page.getByLabel('Zona horaria').fill('America/Matamoros');
  await page.getByRole('button', { name: 'Crear municipio' }).click();
  await expect(page.getByText('Municipio reynosa creado.')).toBeVisible();
  await page.getByLabel('Identificador del municipio').fill('reynosa');
  await page.getByLabel('Papel').selectOption('issuer');
  await page.getByLabel('Etiqueta de la clave').fill('Mesa centro');
  await page.getByRole('button', { name: 'Crear clave' }).click();
  const key = await page.locator('code.secret').innerText();
  const who = expectStatus(await server.call('GET', '/api/v1/whoami', { key }), 200, 'the new key');
  expect(who).toMatchObject({ role: 'issuer', municipality: 'reynosa' });
  await expectAccessible(page, 'the admin page with a new key');
  await expectNoUntranslated(page);
  // An organiser page, typed in with the admin key: refused in words.
  await page.goto(`${server.origin}/organiser/${c}/desk`);
  await expect(page.getByRole('alert')).toContainText('solo crea municipios y claves');
});
