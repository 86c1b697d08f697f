// The home page and the shell: municipalities with their challenges, the phase open now and a
// countdown in the municipality's zone; addresses that are pages of the app; everything from the
// server's own origin, under its Content-Security-Policy.
import { test, expect, m, c, expectAccessible, expectNoUntranslated, snap } from './fixtures.mjs';

test('home lists the challenges with their open phases and a countdown', async ({ page, cabildo }) => {
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const res = await page.goto(`${cabildo.origin}/`);
  expect(res.headers()['content-security-policy']).toContain("default-src 'self'");
  const section = page.locator(`section.municipality[data-slug="${m}"]`);
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('Hermosillo');
  // The municipality's time zone in words, never its IANA name.
  await expect(section.locator('p.muted').first()).toHaveText('Sonora · hora estándar del Pacífico de México');
  await expect(page.locator('#view')).not.toContainText('America/');
  const card = section.locator(`article[data-slug="${c}"]`);
  await expect(card.getByRole('link', { name: 'Presupuesto participativo 2026' })).toBeVisible();
  await expect(card.locator('.phase')).toHaveText(['Recepción de ideas abierta', 'Votación abierta']);
  // The clock is 2026-01-10T12:00Z; submission closes 2026-01-20T06:00Z: 9 days 18 hours, shown
  // at 23:00 of the 19th in Hermosillo (UTC-7).
  await expect(card.locator('.countdown')).toContainText('La recepción de ideas cierra en 9 días y 18 horas');
  await expect(card.locator('.countdown')).toContainText('19 ene 2026');
  await expectAccessible(page, 'home');
  await expectNoUntranslated(page);
  await snap(page, 'home');
  expect(requested.filter((u) => !u.startsWith(cabildo.origin)), 'requests to another origin').toEqual([]);

  await card.getByRole('link', { name: 'Presupuesto participativo 2026' }).click();
  await expect(page).toHaveURL(`${cabildo.origin}/${m}/${c}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Presupuesto participativo 2026');
  await page.goBack();
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('Hermosillo');
});

test('an address of the app opens its page, an unknown one says so', async ({ page, cabildo }) => {
  await page.goto(`${cabildo.origin}/${m}/${c}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Presupuesto participativo 2026');
  // A challenge the server does not know: its refusal in Spanish, not the server's English.
  await page.goto(`${cabildo.origin}/${m}/no-such-challenge`);
  await expect(page.getByRole('alert')).toHaveText('No se encontró lo que buscas: quizá la dirección cambió.');
  await page.goto(`${cabildo.origin}/${m}/${c}/no-such-page`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Página no encontrada');
  await expectAccessible(page, 'the not-found page');
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.goto(`${cabildo.origin}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Civic participation challenges');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoUntranslated(page);
});
