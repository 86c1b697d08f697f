// Published results of the methods with their own detail: the IRV rounds and the budget's
// selection, with the chart and its numbers in text.
import { test, expect, expectAccessible, expectStatus, afterVoting, m } from './fixtures.mjs';
import { setUpChallenge, announce, noUntranslated } from './resident_setup.mjs';

async function cast(cabildo, ch, body) {
  expectStatus(await cabildo.call('PUT', `${ch.base}/ballot`, { body: { token: await ch.card(), ...body } }), 200, 'a ballot');
}

test('instant-runoff results show every round', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'irv', { kind: 'ranking', method: 'irv' });
  const [a, b, c3] = ch.ideas.map((i) => i.id);
  await cast(cabildo, ch, { ranking: [a, b] });
  await cast(cabildo, ch, { ranking: [b, a] });
  await cast(cabildo, ch, { ranking: [c3, a] });
  await announce(cabildo, ch.slug, afterVoting);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/results`);
  await expect(page.getByRole('heading', { name: 'Rondas de segunda vuelta instantánea' })).toBeVisible();
  await expect(page.locator('ol.rounds > li').first()).toContainText(ch.ideas[0].title);
  await expect(page.locator('ol.rounds').getByText(/^Eliminada: /).first()).toBeVisible();
  await expect(page.locator('li.winner')).toHaveCount(1);
  await expectAccessible(page, 'IRV results');
  await noUntranslated(page, expect);
});

test('budget results show what was funded, spent and left', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'fondos', { kind: 'budget' }, { budget: 800 });
  const [a, b] = ch.ideas.map((i) => i.id);
  await cast(cabildo, ch, { choices: [a, b] });
  await cast(cabildo, ch, { choices: [a] });
  await announce(cabildo, ch.slug, afterVoting);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/results`);
  await expect(page.getByRole('heading', { name: 'Presupuesto' })).toBeVisible();
  await expect(page.getByText(/asignado: \$700/)).toBeVisible();
  await expect(page.locator('ul.selected > li')).toHaveText([ch.ideas[0].title, ch.ideas[1].title]);
  await expect(page.getByRole('link', { name: 'Archivo pabulib (.pb)' })).toHaveAttribute('href', /format=pabulib$/);
  await expectAccessible(page, 'budget results');
  await noUntranslated(page, expect);
});
