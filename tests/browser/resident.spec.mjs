// The resident's flows in the browser: a card's QR link, the challenge page, an idea uploaded
// after a field error, an approval vote changed once (the count takes only the last), the
// receipt, and the results with their chart once announced.
import { test, expect, expectAccessible, snap, afterVoting, m } from './fixtures.mjs';
import { setUpChallenge, openCard, announce, noUntranslated } from './resident_setup.mjs';

test('a resident opens a QR link, finds ideas and uploads one after a field error', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'parques', { kind: 'approval', max_choices: 2 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  expect(page.url()).toBe(`${cabildo.origin}/${m}/${ch.slug}`);
  await expect(page.locator('.card-token')).toBeVisible();
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
  await page.getByLabel('Descripción').fill('Bancas y bebederos en la plaza');
  await page.getByRole('button', { name: 'Enviar idea' }).click();
  const title = page.getByLabel('Título');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#idea-title-error')).toContainText('título');
  await expect(title).toHaveAttribute('aria-describedby', /idea-title-error/);
  await expect(title).toBeFocused();
  await expectAccessible(page, 'the idea form with an error');
  await title.fill('Bancas en la plaza Zaragoza');
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
  await a.check();
  await expect(page.locator('#ballot-counter')).toHaveText('1 de 2 elegida');
  await b.check();
  await expect(page.locator('#ballot-counter')).toHaveText('2 de 2 elegidas');
  await expect(c3).toBeDisabled();
  await expectAccessible(page, 'an approval ballot at its limit');
  await noUntranslated(page, expect);
  await snap(page, 'ballot');
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();

  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  const receipt1 = await page.locator('.receipt-full').innerText();
  await expect(page.locator('.receipt-code')).toHaveText(/^\S{4} \S{4}$/);
  await expect(page.locator('svg.qr path')).toHaveCount(1);
  await expect(page.locator('ul.cast > li')).toHaveText([ch.ideas[0].title, ch.ideas[1].title]);
  await expect(page.getByText('Solo cuenta tu último voto.')).toBeVisible();
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
  expect(await page.locator('.receipt-full').innerText()).not.toBe(receipt1);

  // Before the announcement the results page says when they come out.
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/results`);
  await expect(page.locator('.not-yet')).toContainText('Los resultados se publican');
  await expectAccessible(page, 'results before the announcement');

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
  await expect(page.locator('ul.ties > li').first()).toContainText('Empataron');
  await expectAccessible(page, 'the results');
  await noUntranslated(page, expect);
  await snap(page, 'results');

  // The open data hold one counted ballot: the second.
  const exported = await page.evaluate(async (href) => (await fetch(href)).json(),
    await page.getByRole('link', { name: 'Todo en JSON' }).getAttribute('href'));
  expect(exported.ballot_log).toMatchObject({ cast: 2, counted: 1 });
});

test('the ballot and the challenge page in English', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'ingles', { kind: 'approval', max_choices: 2 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByLabel('Idioma').selectOption('en');
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
