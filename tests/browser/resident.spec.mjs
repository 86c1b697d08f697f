// The resident's flows in the browser: a card's short code typed on the challenge page (refused in
// words beside its field first), a card's QR link (and another card's, asked about before it
// replaces the one kept; an old card's whole-token link; a link whose code no card has), the
// challenge page, an idea uploaded after a field error and a refusal of the server said in Spanish
// beside its field, an approval vote changed once (the count takes only the last), the receipt,
// "Ya votaste" on the challenge page, the results with their chart once announced, and forgetting
// the device.
import { test, expect, expectAccessible, expectStatus, snap, afterVoting, m } from './fixtures.mjs';
import { setUpChallenge, openCard, openCodeLink, announce, noUntranslated, storedKeys, shortTargets } from './resident_setup.mjs';
import { expectFits } from './progress_setup.mjs';

// What the challenge page calls a card: its short code as printed when the device knows it (the
// card came by its code), else its token's last four letters and digits (tokens.js cardLabel).
const labelOf = (token) => `…\u2060${token.replace(/[^A-Za-z0-9]/g, '').slice(-4).toUpperCase()}`;

test('a resident types a card\'s code or opens a card link, finds ideas and uploads one after a field error', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'parques', { kind: 'approval', max_choices: 2 });
  const mine = await ch.coded();
  const key = `cabildo.token.${m}/${ch.slug}`;
  const codeKey = `cabildo.code.${m}/${ch.slug}`;
  const stored = (k) => page.evaluate((x) => localStorage.getItem(x), k);

  // No card on this device: the challenge page takes the code printed on it, in the person's
  // words when it is refused, beside the field.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}`);
  const field = page.getByLabel('Código de tu tarjeta');
  const fieldError = page.locator('#card-code-error');
  await field.fill('abcd-efg');
  await page.getByRole('button', { name: 'Usar mi tarjeta' }).click();
  await expect(fieldError).toHaveText(/^Ese código no está completo: son 12 letras y números/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('aria-describedby', 'card-code-hint card-code-error');
  await expect(field).toBeFocused();
  await field.fill('zzzz zzzz zzzz');
  await expect(field).toHaveValue('ZZZZ-ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Usar mi tarjeta' }).click();
  await expect(fieldError).toHaveText('Ninguna tarjeta de este reto tiene ese código. Revisa que lo copiaste bien, letra por letra.');
  await expectAccessible(page, 'the card code field with a refusal');
  // A card the desk revoked says so.
  const revoked = await ch.coded();
  expectStatus(await cabildo.call('POST', `${ch.base}/tokens/revoke`, { key: cabildo.organiserKey, body: { tokens: [revoked.token] } }), 200, 'revoke');
  await field.fill(revoked.code);
  await page.getByRole('button', { name: 'Usar mi tarjeta' }).click();
  await expect(fieldError).toHaveText('Esta tarjeta fue dada de baja y ya no vale. Pide una nueva en el módulo de atención.');
  // Typed as people type it: lower case, spaces for dashes, an O for a zero and an L for a one.
  const typed = mine.code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
  await field.fill(typed);
  await expect(field).toHaveValue(mine.code.replace(/0/g, 'O').replace(/1/g, 'L'));
  await page.getByRole('button', { name: 'Usar mi tarjeta' }).click();
  await expect(page.locator('p.notice')).toHaveText(`Tu tarjeta ${mine.code} quedó guardada en este dispositivo: ya puedes participar.`);
  await expect(page.locator('.card-token')).toHaveText(`Tarjeta en uso en este dispositivo: ${mine.code}.`);
  await expect(page.getByLabel('Código de tu tarjeta')).toHaveCount(0);
  expect(await stored(key)).toBe(mine.token);
  expect(await stored(codeKey)).toBe(mine.code);

  // Someone else's card link (its QR code carries the short code) on this device: asked before it
  // replaces the card kept, each card named by its code; the link's code leaves the address bar.
  const theirs = await ch.coded();
  await openCodeLink(page, cabildo.origin, ch.slug, theirs.code);
  expect(page.url()).toBe(`${cabildo.origin}/${m}/${ch.slug}`);
  const dialog = page.getByRole('dialog', { name: 'Este dispositivo ya tiene una tarjeta' });
  await expect(dialog).toContainText(`guarda la tarjeta ${mine.code}`);
  await expect(dialog).toContainText(`otra tarjeta: ${theirs.code}`);
  await expect(dialog.getByRole('button', { name: `Conservar la mía (${mine.code})` })).toBeFocused();
  await expectAccessible(page, 'the question before another card replaces mine');
  expect(await stored(key), 'not replaced before the answer').toBe(mine.token);
  await dialog.getByRole('button', { name: `Conservar la mía (${mine.code})` }).click();
  await expect(page.locator('p.notice')).toHaveText(`Conservaste tu tarjeta ${mine.code}; la otra no se guardó.`);
  expect(await stored(key)).toBe(mine.token);
  await openCodeLink(page, cabildo.origin, ch.slug, theirs.code);
  await page.getByRole('button', { name: `Usar esta tarjeta (${theirs.code})` }).click();
  await expect(page.locator('.card-token')).toHaveText(`Tarjeta en uso en este dispositivo: ${theirs.code}.`);
  expect(await stored(key)).toBe(theirs.token);
  expect(await stored(codeKey)).toBe(theirs.code);
  // The same card by the old kind of link (its whole token): no question, still named by its code.
  await openCard(page, cabildo.origin, ch.slug, theirs.token);
  await expect(page.locator('p.notice')).toHaveText('Esta tarjeta ya estaba guardada en este dispositivo.');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.card-token')).toHaveText(`Tarjeta en uso en este dispositivo: ${theirs.code}.`);
  // A link whose code no card has: said on top, the card kept.
  await openCodeLink(page, cabildo.origin, ch.slug, 'ZZZZ-ZZZZ-ZZZZ');
  await expect(page.getByRole('alert')).toHaveText('No se pudo usar la tarjeta del enlace (ZZZZ-ZZZZ-ZZZZ): Ninguna tarjeta de este reto '
    + 'tiene ese código. Revisa que lo copiaste bien, letra por letra. Este dispositivo conserva su tarjeta.');
  expect(await stored(key)).toBe(theirs.token);
  // An old link of a card without its code on this device: named by the token's last characters.
  const old = await ch.card();
  await page.evaluate(() => localStorage.clear());
  await openCard(page, cabildo.origin, ch.slug, old);
  await expect(page.locator('.card-token')).toHaveText(`Tarjeta en uso en este dispositivo: ${labelOf(old)}.`);
  await expect(page.locator('ul.ideas > li')).toHaveCount(3);
  await expectAccessible(page, 'the challenge page');
  await noUntranslated(page, expect);
  await snap(page, 'challenge');

  await page.getByLabel('Buscar en título y descripción').fill('sombra');
  await expect(page.locator('ul.ideas > li')).toHaveCount(1);
  await page.getByLabel('Buscar en título y descripción').fill('');
  await page.getByLabel('Categoría').selectOption('movilidad');
  await expect(page.locator('ul.ideas > li')).toHaveCount(2);
  await page.getByLabel('Ordenar por').selectOption('title');
  await expect(page.locator('ul.ideas > li h3').first()).toHaveText('Alumbrado en la colonia Centro');
  await page.getByRole('link', { name: 'Alumbrado en la colonia Centro' }).click();
  await expect(page.locator('h1')).toHaveText('Alumbrado en la colonia Centro');
  await expectAccessible(page, 'an idea');
  await page.getByRole('link', { name: /Volver/ }).click();

  await page.getByRole('link', { name: 'Proponer una idea' }).click();
  await expect(page.locator('h1')).toHaveText('Proponer una idea');
  // The limits show before sending: a live count under title and description.
  await expect(page.locator('#idea-title-count')).toHaveText('0 de 200 caracteres');
  await page.getByLabel('Descripción').fill('Bancas y bebederos en la plaza');
  await expect(page.locator('#idea-description-count')).toHaveText('30 de 5,000 caracteres');
  await page.getByRole('button', { name: 'Enviar idea' }).click();
  const title = page.getByLabel('Título');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#idea-title-error')).toHaveText('Escribe un título de 3 a 200 caracteres.');
  await expect(title).toHaveAttribute('aria-describedby', 'idea-title-count idea-title-error');
  await expect(title).toBeFocused();
  await expectAccessible(page, 'the idea form with an error');
  await title.fill('Bancas en la plaza Zaragoza');
  // A description past the limit: the count says so, and the server's refusal is said in Spanish
  // beside the description, never the server's English.
  const description = page.getByLabel('Descripción');
  await description.fill('b'.repeat(5001));
  await expect(page.locator('#idea-description-count')).toHaveText('5,001 de 5,000 caracteres Sobra 1.');
  await page.getByRole('button', { name: 'Enviar idea' }).click();
  await expect(page.locator('#idea-description-error')).toHaveText('Describe tu idea en 5,000 caracteres como máximo.');
  await expect(description).toHaveAttribute('aria-invalid', 'true');
  await expect(description).toBeFocused();
  await expect(page.locator('#view')).not.toContainText(/must|characters|description/);
  await expect(title).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the idea form with a refusal of the server');
  await description.fill('Bancas y bebederos en la plaza');
  await page.getByLabel('Categoría').selectOption('parques');
  await page.getByRole('button', { name: 'Enviar idea' }).click();
  await expect(page.locator('h1')).toHaveText('Bancas en la plaza Zaragoza');
  await expect(page.getByRole('status')).toHaveText('Tu idea quedó publicada.');
  await noUntranslated(page, expect);
});

test('a resident votes by approval, changes the vote, and the results count only the last', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'aprobacion', { kind: 'approval', max_choices: 2 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  const [a, b, c3] = ch.ideas.map((i) => page.getByLabel(i.title));
  // Each idea with the start of its description; the whole row, at least 44 px tall, is the target:
  // a tap on the summary toggles the box.
  const row = (i) => page.locator(`li.option[data-idea="${ch.ideas[i].id}"]`);
  await expect(row(0).locator('.option-summary')).toHaveText('Una propuesta vecinal');
  await expect(row(2).locator('.option-summary')).toHaveText(/^Luminarias LED en las calles de la colonia Centro .*…$/);
  expect(await shortTargets(page.locator('li.option .option-row')), 'ballot rows under 44 px').toEqual([]);
  expect(await shortTargets(page.locator('header.site a, header.site select')), 'header targets under 44 px').toEqual([]);
  await row(0).locator('.option-summary').click();
  await expect(a).toBeChecked();
  await expect(page.locator('#ballot-counter')).toHaveText('1 de 2 elegida');
  await b.check();
  await expect(page.locator('#ballot-counter')).toHaveText('2 de 2 elegidas');
  await expect(c3).toBeDisabled();
  // "Leer más" shows the whole description and leaves the ballot as it was.
  await row(2).getByText('Leer más').click();
  await expect(row(2).locator('details p.description')).toContainText('mantenimiento durante tres años');
  await expect(a).toBeChecked();
  await expect(b).toBeChecked();
  await expectAccessible(page, 'an approval ballot at its limit');
  await noUntranslated(page, expect);
  await snap(page, 'ballot');
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();

  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  const receipt1 = await page.locator('.receipt-full .receipt-value').innerText();
  await expect(page.locator('.receipt-code')).toHaveText(/^\S{4} \S{4}$/);
  await expect(page.locator('svg.qr path')).toHaveCount(1);
  await expect(page.locator('ul.cast > li')).toHaveText([ch.ideas[0].title, ch.ideas[1].title]);
  await expect(page.getByText('Solo cuenta tu último voto.')).toBeVisible();
  // Where the ballot stands, asked by its receipt: recorded, while the vote can change.
  const standing = page.getByRole('region', { name: '¿Cuenta mi voto?' }).locator('.receipt-status');
  await expect(standing).toHaveAttribute('data-status', 'recorded');
  await expect(standing.locator('strong')).toHaveText('Tu voto está registrado.');
  await expectAccessible(page, 'the receipt');
  await noUntranslated(page, expect);
  await snap(page, 'receipt');

  await page.getByRole('link', { name: 'Cambiar mi voto' }).click();
  await expect(a).toBeChecked();
  await a.uncheck();
  await c3.check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.getByRole('status')).toHaveText('Tu voto quedó registrado y reemplaza al anterior.');
  await expect(page.locator('ul.cast > li')).toHaveText([ch.ideas[1].title, ch.ideas[2].title]);
  expect(await page.locator('.receipt-full .receipt-value').innerText()).not.toBe(receipt1);
  const code = await page.locator('.receipt-code').innerText();
  // The device keeps the token, the last receipt with the ballot as cast, and the language.
  expect(await storedKeys(page)).toEqual(['cabildo.locale', `cabildo.receipt.${m}/${ch.slug}`, `cabildo.token.${m}/${ch.slug}`]);

  // The challenge page says the vote is in, and leads with seeing or changing it.
  await page.getByRole('link', { name: /Volver/ }).click();
  await expect(page.locator('.voted')).toHaveText(`Ya votaste. Tu comprobante: ${code}. Solo cuenta tu último voto.`);
  await expect(page.locator('.actions a').first()).toHaveText('Ver o cambiar mi voto');
  await expect(page.getByRole('link', { name: 'Votar', exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Este dispositivo' })).toContainText('tu comprobante de voto');
  await expectAccessible(page, 'the challenge page after voting');
  await page.locator('.actions a').first().click();
  await expect(page.locator('h1')).toHaveText(`Votar: Reto ${ch.slug}`);
  await expect(b).toBeChecked();

  // Before the announcement the results page says when they come out: "… 11:00 a.m.", one period.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/results`);
  await expect(page.locator('.not-yet')).toHaveText(/^Los resultados se publican con el anuncio de ganadores, el 1 feb 2026, 11:00 a\.\s?m\.$/);
  // A receipt looked up before the results are out says only that the ballot arrived, the
  // replaced one too: nobody learns whether a ballot was replaced while the vote can change.
  const lookup = page.getByRole('region', { name: '¿Cuenta mi voto?' });
  const receiptField = lookup.getByLabel('Tu comprobante de voto');
  const receipt2 = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).receipt, `cabildo.receipt.${m}/${ch.slug}`);
  await expect(receiptField).toHaveValue(receipt2);
  await receiptField.fill(`Comprobante completo: ${receipt1}`); // the whole line copied, label and all
  await lookup.getByRole('button', { name: 'Buscar' }).click();
  await expect(lookup.locator('.receipt-status')).toHaveAttribute('data-status', 'recorded');
  await expect(lookup.locator('.receipt-status strong')).toHaveText('Tu voto está registrado.');
  await expectAccessible(page, 'results before the announcement');

  // Another challenge this phone will take part in, set up while tokens are still issued.
  const other = await setUpChallenge(cabildo, 'otro', { kind: 'approval', max_choices: 2 });
  const otherCard = await other.card();
  await announce(cabildo, ch.slug, afterVoting);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}`);
  await page.getByRole('link', { name: 'Ver resultados' }).click();
  await expect(page.locator('h1')).toHaveText(`Resultados: Reto ${ch.slug}`);
  await expect(page.getByText('1 boleta contada', { exact: false })).toBeVisible();
  const rows = page.locator('ol.results-chart > li');
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`ol.results-chart > li[data-idea="${ch.ideas[0].id}"] .result-score`)).toHaveText('0 votos');
  await expect(page.locator(`ol.results-chart > li[data-idea="${ch.ideas[1].id}"] .result-score`)).toHaveText('1 voto');
  await expect(page.locator('ol.results-chart .bar-fill')).toHaveCount(3);
  await expect(page.locator('li.winner')).toHaveCount(1);
  // The tie in words, with titles and the unit of its score.
  const tie = page.locator('ul.ties > li').first();
  await expect(tie).toContainText('empataron con 1 voto. El sorteo las ordenó así:');
  for (const i of [1, 2]) await expect(tie).toContainText(ch.ideas[i].title);
  expect(await shortTargets(page.locator('a.download')), 'download links under 44 px').toEqual([]);
  await expectAccessible(page, 'the results');
  await noUntranslated(page, expect);
  await snap(page, 'results');

  // Once the results are out a receipt says whether its ballot counts: the last one does, the
  // first was replaced; the short code alone is not enough, and the page says so.
  const results = page.getByRole('region', { name: '¿Cuenta mi voto?' });
  const status = results.locator('.receipt-status');
  await expect(results.getByLabel('Tu comprobante de voto')).toHaveValue(receipt2);
  await results.getByRole('button', { name: 'Buscar' }).click();
  await expect(status).toHaveAttribute('data-status', 'counted');
  await expect(status.locator('strong')).toHaveText('Tu voto cuenta.');
  await results.getByLabel('Tu comprobante de voto').fill(receipt1);
  await results.getByRole('button', { name: 'Buscar' }).click();
  await expect(status).toHaveAttribute('data-status', 'replaced');
  await expect(status.locator('strong')).toHaveText('Este voto fue reemplazado por uno posterior: cuenta el último.');
  await expectAccessible(page, 'the results with a receipt looked up');
  await results.getByLabel('Tu comprobante de voto').fill(code);
  await results.getByRole('button', { name: 'Buscar' }).click();
  await expect(results.locator('#ballot-receipt-error')).toHaveText(/^Ese es el código corto: escribe el comprobante completo/);
  await expect(results.getByLabel('Tu comprobante de voto')).toHaveAttribute('aria-invalid', 'true');
  await expect(status).toHaveCount(0);
  await expectFits(page);

  // The open data hold one counted ballot, the second, with its receipt.
  const exported = await page.evaluate(async (href) => (await fetch(href)).json(),
    await page.getByRole('link', { name: 'Todo en JSON' }).getAttribute('href'));
  expect(exported.ballot_log).toMatchObject({ cast: 2, counted: 1 });
  expect(JSON.stringify(exported)).toContain(receipt2);
  expect(JSON.stringify(exported)).not.toContain(receipt1);
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(),
    await page.getByRole('link', { name: 'Boletas en CSV' }).getAttribute('href'));
  expect(csv).toContain(receipt2);
  // The receipt page says it too.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/receipt`);
  await expect(page.getByRole('region', { name: '¿Cuenta mi voto?' }).locator('.receipt-status strong')).toHaveText('Tu voto cuenta.');

  // A shared phone forgets: first asked and kept, then this challenge and the other one it keeps.
  await openCard(page, cabildo.origin, other.slug, otherCard);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}`);
  await page.getByRole('button', { name: 'Olvidar este dispositivo' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Olvidar este dispositivo?' });
  await expect(dialog).toContainText(`Se borrarán de este dispositivo tu tarjeta, tu comprobante y tus respuestas de «Reto ${ch.slug}».`);
  await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
  await expectAccessible(page, 'the question before forgetting');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await storedKeys(page)).toHaveLength(4);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/receipt`);
  await page.getByRole('button', { name: 'Olvidar este dispositivo' }).click();
  await dialog.getByLabel('Olvidar también el otro reto que guarda este dispositivo').check();
  await dialog.getByRole('button', { name: 'Olvidar', exact: true }).click();
  await expect(page.locator('p.notice')).toHaveText('Este dispositivo ya no guarda nada de ningún reto.');
  expect(await storedKeys(page), 'only the language is left').toEqual(['cabildo.locale']);
  await expect(page.locator('.voted')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Este dispositivo' })).toHaveCount(0);
  await expectAccessible(page, 'the challenge page of a forgetful device');
});

test('the ballot and the challenge page in English', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'ingles', { kind: 'approval', max_choices: 2 });
  // Without a card: the field for its code, refused in English too.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}`);
  await page.getByLabel('Idioma').selectOption('en');
  await page.getByLabel("Your card's code").fill('ZZZZ');
  await page.getByRole('button', { name: 'Use my card' }).click();
  await expect(page.locator('#card-code-error')).toHaveText(/^That code is not complete: it has 12 letters and digits/);
  await noUntranslated(page, expect);
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await expect(page.getByRole('heading', { name: 'Ideas', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Vote' })).toBeVisible();
  await noUntranslated(page, expect);
  await page.getByRole('link', { name: 'Vote' }).click();
  await expect(page.locator('legend')).toHaveText('Choose up to 2 ideas');
  await page.getByLabel(ch.ideas[0].title).check();
  await expect(page.locator('#ballot-counter')).toHaveText('1 of 2 chosen');
  await noUntranslated(page, expect);
  await expectAccessible(page, 'the ballot in English');
});
