// The organiser's side in the browser: log in with a key, see each challenge's status, create a
// challenge in the editor (the server's refusal said in Spanish beside its field), moderate, run the
// desk (by reference a person's card on screen and printed alone, never a link; the same key again,
// a reissue, a revocation after a confirmation; a printed card batch whose cards fit their boxes on
// A4), move the test clock through voting, see the count, announce; the audit log shows it all. An
// open challenge made through the API, with seconds in its times, takes an edit of its description
// alone, its ballot locked; its count says a tie with titles. A desk's key sees only the desk,
// blind-signs a pasted message, and signs a phone's request by its code, following it until the
// phone collects its key (or, a day later, saying it never arrived); the admin creates a
// municipality and a key; English as well. axe
// after every step. The refusals these flows provoke are 4xx answers of /api/v1/, which
// fixtures.mjs lets pass.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect, m, c, base_path, blindChallenge, expectStatus, expectAccessible, expectNoUntranslated, snap } from './fixtures.mjs';
import { expectFits } from './progress_setup.mjs';
import { phoneScreen } from './devices.mjs';

const run = promisify(execFile);
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

// In print media (as the browser lays out paper): every card's content inside its box (nothing
// overflowing, nothing cut by an overflow), and no two cards overlapping.
async function expectCardsFit(page, cards, what) {
  await page.emulateMedia({ media: 'print' });
  try {
    const found = await cards.evaluateAll((nodes) => nodes.map((card) => {
      const inner = [card, ...card.querySelectorAll('.text, .code')].map((el) => ({
        name: el.className.baseVal ?? el.className, overflow: el.scrollHeight - el.clientHeight, wide: el.scrollWidth - el.clientWidth }));
      const r = card.getBoundingClientRect();
      return { inner, box: { x: r.x, y: r.y, w: r.width, h: r.height }, shown: r.width > 0 && r.height > 0 };
    }));
    expect(found.length, what).toBeGreaterThan(0);
    for (const [i, card] of found.entries()) {
      expect(card.shown, `${what}: card ${i + 1} is printed`).toBe(true);
      for (const part of card.inner) {
        expect(part.overflow, `${what}: card ${i + 1}, ${part.name}, content taller than its box`).toBeLessThanOrEqual(1);
        expect(part.wide, `${what}: card ${i + 1}, ${part.name}, content wider than its box`).toBeLessThanOrEqual(1);
      }
      // 95 x 55 mm, as the server's own sheet: 1 mm is 96/25.4 CSS px.
      expect(card.box.w / (96 / 25.4)).toBeCloseTo(95, 0);
      expect(card.box.h / (96 / 25.4)).toBeCloseTo(55, 0);
    }
    for (let i = 0; i < found.length; i += 1) for (let j = i + 1; j < found.length; j += 1) {
      const [a, b] = [found[i].box, found[j].box];
      const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
      expect(overlap, `${what}: cards ${i + 1} and ${j + 1} overlap`).toBe(false);
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

// The desk's printing, without the browser's print dialog: records that print was asked for.
async function stubPrint(page) {
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed += 1; };
  });
}

const tokenKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cabildo.token.')));

test('an organiser runs a challenge from launch to announced winners', { tag: '@desktop' }, async ({ page, cabildo }, testInfo) => {
  await logIn(page, cabildo.origin, cabildo.organiserKey);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Retos de Hermosillo');
  await expect(page.getByText('Organizador de Hermosillo.', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Presupuesto participativo 2026' })).toBeVisible();
  // Each challenge with its status and the phases open now, in words.
  await expect(page.locator(`li.org-challenge[data-slug="${c}"] .org-status`)).toHaveText('Estado: Abierto. Abiertas ahora: Ideas y Votación.');
  // And how far participation has come, with plurals: the fixture's two cards posted two ideas.
  await expect(page.locator(`li.org-challenge[data-slug="${c}"] .org-turnout`))
    .toHaveText('Participación: 2 claves emitidas · 0 personas votaron · 2 ideas.');
  await expectAccessible(page, 'the list of challenges');

  // The editor: an announcement before voting closes is refused beside its field, nothing lost.
  await page.getByRole('link', { name: 'Nuevo reto' }).click();
  await expect(page.getByText('Horas en la zona del municipio: America/Hermosillo.')).toBeVisible();
  await fillEditor(page);
  await expect(page.locator('.field', { has: page.getByLabel('Título') }).locator('.char-count')).toHaveText('20 de 200 caracteres');
  await page.getByLabel('Anuncio de ganadores').fill('2026-01-19T08:00');
  await page.getByRole('button', { name: 'Crear el reto' }).click();
  const announcement = page.getByLabel('Anuncio de ganadores');
  await expect(announcement).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveText('Escribe cuándo se anuncian los ganadores: no antes de que cierre la votación.');
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
  await expect(page.locator('.org-moderation-count')).toHaveText('2 ideas, 0 ocultas.');
  const idea = page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`);
  await idea.getByLabel('Motivo (lo verá el público)').fill('Duplicada de otra propuesta');
  await expect(idea.locator('.char-count')).toHaveText('27 de 500 caracteres');
  await idea.getByRole('button', { name: 'Ocultar' }).click();
  await expect(page.getByRole('status')).toContainText('quedó oculta');
  await expect(page.locator('.org-moderation-count')).toHaveText('2 ideas, 1 oculta.');
  await expect(page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`)).toHaveClass(/is-hidden/);
  const hidden = expectStatus(await cabildo.call('GET', `${base_path}/ideas/${cabildo.ideas[0]}`), 200, 'the hidden idea');
  expect(hidden).toMatchObject({ status: 'hidden', hidden_reason: 'Duplicada de otra propuesta' });
  await expectAccessible(page, 'the moderation queue');
  const again = page.locator(`li.idea[data-id="${cabildo.ideas[0]}"]`);
  await again.getByLabel('Motivo (lo verá el público)').fill('Revisada: es distinta');
  await again.getByRole('button', { name: 'Restaurar' }).click();
  await expect(page.getByRole('status')).toContainText('volvió a ser visible');

  // The desk of the new challenge: a key by reference is that person's card on screen, to print or
  // show, never a link that would keep the resident's key in this browser.
  await page.goto(`${cabildo.origin}/organiser/${slug}/desk`);
  await page.getByLabel('Referencia de identidad').fill('CURP-ANA-1');
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.getByText('Clave emitida para CURP-ANA-1.')).toBeVisible();
  const person = page.locator('article.person-card');
  await expect(person.locator('.municipality')).toHaveText('Hermosillo');
  await expect(person.getByRole('heading')).toHaveText('Banquetas para todas y todos');
  await expect(person.locator('.closes')).toHaveText(/^Cierra: 20 ene 2026, 8:00 a\.\s?m\.$/);
  await expect(person.locator('.instructions li')).toHaveCount(3);
  await expect(person.getByRole('img', { name: 'Código QR de la tarjeta para votar' })).toBeVisible();
  await expect(page.locator('#view a[href*="token="]')).toHaveCount(0);
  await expect(page.locator('#view')).not.toContainText('token=');
  // The card's short code, large along its bottom, and the address to type it at; its QR code
  // carries the code's link (short: a cheap camera reads it), never the token.
  const code = person.locator('.code');
  await expect(code).toHaveText(/^Código [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  const shortCode = (await code.innerText()).split(/\s+/).pop();
  await expect(person.locator('.instructions li').first()).toHaveText(
    `Escanea el código QR, o abre ${cabildo.origin}/${m}/${slug} y escribe el código de abajo.`);
  expect(Number.parseFloat(await code.evaluate((el) => getComputedStyle(el).fontSize)), 'the code in large type').toBeGreaterThanOrEqual(20);
  const qrFile = testInfo.outputPath('person-card.png');
  await person.locator('svg.qr').screenshot({ path: qrFile });
  const { stdout: scanned } = await run('zbarimg', ['--raw', '-q', qrFile], { timeout: 15_000 });
  expect(scanned.trim()).toBe(`${cabildo.origin}/#/${m}/${slug}?code=${shortCode}`);
  const qr = await person.locator('svg.qr path').getAttribute('d');
  await expectAccessible(page, "the desk with a person's card");
  await expectFits(page);
  await snap(page, 'desk-person');
  // Asking again gives the same key (the same code); a lost card is reissued (a new key).
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.locator('article.person-card svg.qr path')).toHaveAttribute('d', qr);
  await expect(page.locator('article.person-card .code')).toHaveText(`Código ${shortCode}`);
  await page.getByLabel(/Reemplazar su clave/).check();
  await page.getByRole('button', { name: 'Emitir clave' }).click();
  await expect(page.locator('article.person-card svg.qr path')).not.toHaveAttribute('d', qr);
  await expect(page.locator('article.person-card .code')).not.toHaveText(`Código ${shortCode}`);
  // Its print button prints that card alone, laid out as a card.
  await stubPrint(page);
  await page.getByRole('button', { name: 'Imprimir esta tarjeta' }).click();
  expect(await page.evaluate(() => window.printed)).toBe(1);
  await expectCardsFit(page, page.locator('article.person-card'), "the person's card");
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => [...document.querySelectorAll('#app *')]
    .filter((el) => el.getClientRects().length > 0 && el.children.length === 0 && el.textContent.trim()).map((el) => el.textContent.trim()));
  await page.emulateMedia({ media: 'screen' });
  expect(printed).toContain('Banquetas para todas y todos');
  expect(printed.filter((text) => /Emitir clave|Revocar|Lotes de tarjetas|Organizador/.test(text)), 'only the card on paper').toEqual([]);
  expect(await tokenKeys(page), 'no key kept on the desk').toEqual([]);
  // Revoking asks first, saying how many, and is a danger button.
  await page.getByLabel('Lista para revocar').fill('curp ana 1');
  const revoke = page.getByRole('button', { name: 'Revocar', exact: true });
  await expect(revoke).toHaveClass(/danger/);
  await revoke.click();
  const confirm = page.getByRole('dialog', { name: '¿Revocar la clave de 1 persona?' });
  await expect(confirm).toContainText('deja de valer');
  await expect(confirm.getByRole('button', { name: 'Cancelar' })).toBeFocused();
  await expectAccessible(page, 'the question before revoking');
  await confirm.getByRole('button', { name: 'Revocar 1 referencia' }).click();
  await expect(page.getByText('Revocadas: 1. Desconocidas o ya revocadas: 0.')).toBeVisible();
  await page.getByLabel('Número de tarjetas').fill('3');
  await page.getByLabel('Etiqueta', { exact: true }).fill('Mesa 1');
  await page.getByRole('button', { name: 'Crear lote' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lote «Mesa 1»' })).toHaveText('Lote «Mesa 1» creado con 3 tarjetas.');
  await page.getByRole('button', { name: 'Imprimir Mesa 1' }).click();
  await expect(page.locator('#print-view article.card')).toHaveCount(3);
  await expect(page.locator('#print-view article.card svg.qr')).toHaveCount(3);
  await expectAccessible(page, 'the desk with a print view');
  await expectFits(page);
  await snap(page, 'desk');
  // On A4, each card's title, date, instructions and key inside its 95 x 55 mm box.
  await page.locator('#print-view').getByRole('button', { name: 'Imprimir', exact: true }).click();
  expect(await page.evaluate(() => window.printed)).toBe(2);
  await expectCardsFit(page, page.locator('#print-view article.card'), 'the batch sheet');
  expect(await tokenKeys(page), 'no key kept on the desk').toEqual([]);

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

  // The dashboard's turnout of the new challenge: every key issued (by reference, reissued, the
  // batch, the cards), those revoked, the three voters and the two ideas.
  const turnout = expectStatus(await cabildo.call('GET', `${newBase}/turnout`, { key: cabildo.organiserKey }), 200, 'the turnout');
  expect(turnout).toMatchObject({ voters: 3, ideas: 2, survey_responses: 0 });
  expect(turnout.tokens_revoked).toBeGreaterThanOrEqual(1);
  await page.getByRole('link', { name: 'Retos', exact: true }).click();
  await expect(page.locator(`li.org-challenge[data-slug="${slug}"] .org-turnout`)).toHaveText(
    `Participación: ${turnout.tokens_issued} claves emitidas (${turnout.tokens_revoked} ${turnout.tokens_revoked === 1 ? 'dada' : 'dadas'} de baja) · 3 personas votaron · 2 ideas.`);
  await expectAccessible(page, 'the list of challenges with turnout');
});

test('an open challenge made through the API, with seconds in its times, takes an edit of its description alone; its count says a tie by titles',
  { tag: '@desktop' }, async ({ page, cabildo }) => {
    const open = 'abierto-2026';
    const openBase = `/api/v1/municipalities/${m}/challenges/${open}`;
    const timeline = {
      submission: { opens: '2026-01-01T06:00:30Z', closes: '2026-01-20T06:00:30Z' },
      voting: { opens: '2026-01-01T06:00:30Z', closes: '2026-01-25T06:00:45Z' },
      announcement: '2026-02-01T18:00:15Z',
    };
    expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/challenges`, { key: cabildo.organiserKey,
      body: { ...blindChallenge(), slug: open, title: 'Reto abierto', anonymity: 'none', timeline } }), 201, 'an open challenge');
    const cards = expectStatus(await cabildo.call('POST', `${openBase}/tokens`, { key: cabildo.organiserKey, body: { count: 2 } }),
      201, 'cards').tokens.map((x) => x.token);
    const ideas = [];
    for (const [i, title] of ['Bebederos en la plaza', 'Rampas en el mercado'].entries()) {
      ideas.push(expectStatus(await cabildo.call('POST', `${openBase}/ideas`,
        { body: { token: cards[i], title, description: 'Una propuesta', category: 'parques' } }), 201, title).id);
    }
    for (const [i, id] of ideas.entries())
      expectStatus(await cabildo.call('PUT', `${openBase}/ballot`, { body: { token: cards[i], choices: [id] } }), 200, 'a ballot');

    await logIn(page, cabildo.origin, cabildo.organiserKey);
    await page.getByRole('link', { name: 'Reto abierto' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reto abierto');
    // Voting has opened: the ballot and the winners are locked, and the page says why.
    await expect(page.locator('.org-locked')).toHaveText(
      /^La votación abrió el 31 dic 2025, 11:00 p\.\s?m\.: la boleta y el número de ganadores ya no pueden cambiar\.$/);
    await expect(page.getByLabel('Tipo de boleta')).toBeDisabled();
    await expect(page.getByLabel('Número de ganadores')).toBeDisabled();
    // The times keep their seconds.
    await expect(page.getByLabel('Votación: cierra')).toHaveValue('2026-01-24T23:00:45');
    await expectAccessible(page, 'the editor of an open challenge');
    const patch = page.waitForRequest((r) => r.method() === 'PATCH', { timeout: 10_000 });
    await page.getByLabel('Descripción').fill('Ideas para la plaza y el mercado');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    expect(JSON.parse((await patch).postData()), 'only what changed').toEqual({ description: 'Ideas para la plaza y el mercado' });
    await expect(page.getByRole('status')).toHaveText('Cambios guardados.');
    const saved = expectStatus(await cabildo.call('GET', openBase), 200, 'the challenge');
    expect(saved.description).toBe('Ideas para la plaza y el mercado');
    expect(saved.timeline).toMatchObject(timeline);

    // The count: one vote each, a tie said with the ideas' titles.
    await cabildo.setClock('2026-01-26T00:00:00Z');
    await page.goto(`${cabildo.origin}/organiser/${open}/count`);
    const tie = page.locator('ul.org-ties > li');
    await expect(tie).toContainText('empataron con 1 voto. El sorteo las ordenó así:');
    for (const title of ['Bebederos en la plaza', 'Rampas en el mercado']) await expect(tie).toContainText(title);
    await expect(tie).not.toContainText(/#\d|\d+, \d+/);
    await expectAccessible(page, 'the count with a tie');
    await expectNoUntranslated(page);
  });

test('a desk key sees only the desk, and follows a signed request until the phone has its key', { tag: '@desktop' }, async ({ page, cabildo, browser }) => {
  const issuer = expectStatus(await cabildo.call('POST', `/api/v1/municipalities/${m}/keys`,
    { key: cabildo.adminKey, body: { role: 'issuer', label: 'Mesa 2' } }), 201, 'an issuer key').key;
  await logIn(page, cabildo.origin, issuer);
  await expect(page.getByText('Mesa de registro de Hermosillo.', { exact: true })).toBeVisible();
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

  // A resident's phone (a browser of its own, 360x740 with touch) opens a request and leaves the
  // page before the desk signs; the desk signs its code (typed as a clerk types it) and follows it
  // until the phone, back on the page, collects its key.
  const phoneContext = await browser.newContext(phoneScreen);
  const phone = await phoneContext.newPage();
  const challengePage = `${cabildo.origin}/${m}/${c}`;
  const askCode = async () => {
    await phone.goto(challengePage);
    await phone.getByRole('button', { name: 'Obtener mi clave anónima' }).click();
    await expect(phone.locator('.blind-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    return phone.locator('.blind-code').innerText();
  };
  const sign = async (ref, code) => {
    await page.getByLabel('Referencia de identidad').fill(ref);
    await page.getByLabel('Código de la solicitud').fill(code);
    await page.getByRole('button', { name: 'Firmar' }).click();
  };
  const relay = page.locator('.org-relay');
  const first = await askCode();
  await phone.goto(`${cabildo.origin}/`);
  await sign('CURP-ANA-3', first.toLowerCase().replace('-', ''));
  await expect(relay).toHaveText(`Solicitud ${first}: firmada; esperando al teléfono.`);
  await expectAccessible(page, 'the desk following a signed request');
  await phone.goto(challengePage);
  await expect(phone.locator('h1')).toHaveText(/^Votar/, { timeout: 15_000 });
  await expect(relay).toHaveText(`Solicitud ${first}: el teléfono la recogió; la persona ya tiene su clave.`);
  // The same person again, by another request: refused beside the reference, in words.
  await phone.evaluate(() => localStorage.clear());
  const second = await askCode();
  await phone.goto(`${cabildo.origin}/`);
  await sign('CURP-ANA-3', second);
  await expect(page.getByLabel('Referencia de identidad')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveText(/^Ya se firmó una clave para esta persona\. Si su teléfono nunca la recibió/);
  await expectAccessible(page, 'the desk refusing a second key for a person');
  // A code no phone has open: refused beside the code.
  await sign('CURP-BETO-4', 'ZZZZ-ZZZZ');
  await expect(page.getByLabel('Código de la solicitud')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toHaveText(/^Ningún teléfono tiene abierta una solicitud con ese código/);
  // Another person's request, signed while the phone is away, and never fetched: a day later the
  // desk says it did not arrive, and the person can be signed for again with a new code.
  await sign('CURP-BETO-4', second);
  await expect(relay).toHaveText(`Solicitud ${second}: firmada; esperando al teléfono.`);
  await cabildo.setClock('2026-01-11T13:00:00Z');
  await expect(relay).toHaveText(`Solicitud ${second}: no llegó al teléfono. La persona puede pedir un código nuevo y puede firmarse otra vez.`);
  await expectAccessible(page, 'the desk saying a signature never arrived');
  await phone.goto(challengePage);
  await expect(phone.getByRole('alert')).toContainText('El código venció');
  await phone.getByRole('button', { name: 'Pedir otro código' }).click();
  await expect(phone.locator('.blind-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const third = await phone.locator('.blind-code').innerText();
  await sign('CURP-BETO-4', third);
  await expect(phone.locator('h1')).toHaveText(/^Votar/, { timeout: 15_000 });
  await expect(relay).toHaveText(`Solicitud ${third}: el teléfono la recogió; la persona ya tiene su clave.`);
  await phoneContext.close();
  // Another organiser page, typed in: refused in words.
  await page.goto(`${cabildo.origin}/organiser/${c}/moderation`);
  await expect(page.getByRole('alert')).toContainText('solo abre la mesa');
  await page.goto(`${cabildo.origin}/organiser/${c}/edit`);
  await expect(page.getByRole('alert')).toContainText('solo abre la mesa');
});

test('a wrong key is refused beside the field, and logging out forgets the key', { tag: '@desktop' }, async ({ page, cabildo }) => {
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

test('the admin creates a municipality and a desk key for it', { tag: '@desktop' }, async ({ page, server }) => {
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
