// Published results of the methods with their own detail: the IRV rounds, the budget's selection,
// and an Equal Shares tie said in words (where it arose, never its internal score), with the chart
// and its numbers in text.
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

test('budget results show what was funded, spent and left; an Equal Shares tie is said where it arose', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'fondos', { kind: 'budget' }, { budget: 800 });
  const [a, b] = ch.ideas.map((i) => i.id);
  await cast(cabildo, ch, { choices: [a, b] });
  await cast(cabildo, ch, { choices: [a] });
  // Two ideas of the same cost that the same three people chose: equally good buys at the first
  // selection of the Method of Equal Shares, the lottery decides which comes first.
  const shares = await setUpChallenge(cabildo, 'partes', { kind: 'budget', method: 'equal_shares' }, { budget: 800, costs: [400, 400, 500] });
  for (let i = 0; i < 3; i += 1) await cast(cabildo, shares, { choices: [shares.ideas[0].id, shares.ideas[1].id] });
  await announce(cabildo, ch.slug, afterVoting);
  expectStatus(await cabildo.call('POST', `${shares.base}/announcement`, { key: cabildo.organiserKey }), 200, 'announce');

  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/results`);
  await expect(page.getByRole('heading', { name: 'Presupuesto' })).toBeVisible();
  await expect(page.getByText(/asignado: \$700/)).toBeVisible();
  await expect(page.locator('ul.selected > li')).toHaveText([ch.ideas[0].title, ch.ideas[1].title]);
  await expect(page.getByRole('link', { name: 'Archivo pabulib (.pb)' })).toHaveAttribute('href', /format=pabulib$/);
  await expectAccessible(page, 'budget results');
  await noUntranslated(page, expect);

  await page.goto(`${cabildo.origin}/${m}/${shares.slug}/results`);
  await expect(page.getByText('3 boletas contadas · método: partes iguales')).toBeVisible();
  // Two ties: in the final scores (3 votes each), and at the first selection, where the results
  // carry the step's own measure as `score` (0), which is not the ideas' votes.
  const ties = page.locator('ul.ties > li');
  await expect(ties).toHaveCount(2);
  await expect(ties.nth(0)).toContainText(/^.* empataron con 3 votos\. El sorteo las ordenó así:/);
  await expect(ties.nth(1)).toContainText(/^En la selección n\.º 1, .* empataron: financiarlas costaba lo mismo a cada persona que las apoyó\./);
  for (const idea of shares.ideas.slice(0, 2)) await expect(ties.nth(1)).toContainText(idea.title);
  await expect(page.locator('ul.ties')).not.toContainText(/con 0|#\d/);
  await expect(page.locator('ul.selected > li')).toHaveCount(2);
  await expectAccessible(page, 'Equal Shares results with a tie');
  await noUntranslated(page, expect);
});
