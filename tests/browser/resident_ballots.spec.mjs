// Every ballot kind through its own control: single (radios; an idea hidden meanwhile refused
// beside it), points (what is left, too many refused), ranking by keyboard and by dragging, budget
// (the basket stays in view and refuses, beside the idea, what does not fit), the warning before a
// partial or empty ballot, and the anonymous challenge's token through the desk's relay, surviving
// a reload and a closed tab. axe runs on each open ballot.
import { test, expect, expectAccessible, expectStatus, base_path, c as blindSlug, m } from './fixtures.mjs';
import { setUpChallenge, openCard, noUntranslated } from './resident_setup.mjs';

const castList = (page) => page.locator('.cast > li');

test('single choice: radios, one idea; an idea hidden meanwhile is refused beside it', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'una', { kind: 'single' });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  await expect(page.getByRole('radio')).toHaveCount(3);
  await page.getByLabel(ch.ideas[2].title).check();
  await page.getByLabel(ch.ideas[1].title).check();
  await expect(page.getByLabel(ch.ideas[2].title)).not.toBeChecked();
  await expectAccessible(page, 'a single-choice ballot');
  // Moderation hides the chosen idea while the ballot is open: the server's refusal is said in
  // Spanish, beside that idea.
  expectStatus(await cabildo.call('POST', `${ch.base}/ideas/${ch.ideas[1].id}/moderation`,
    { key: cabildo.organiserKey, body: { action: 'hide', reason: 'Duplicada' } }), 200, 'hide the idea');
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  const refusal = page.locator(`li.option[data-idea="${ch.ideas[1].id}"] .field-error`);
  await expect(refusal).toHaveText(`«${ch.ideas[1].title}» ya no está en la boleta: la moderación la ocultó. Quítala y vuelve a enviar tu voto.`);
  await expect(page.getByLabel(ch.ideas[1].title)).toBeFocused();
  await expect(page.locator('#view')).not.toContainText(/visible idea|challenge/);
  await expectAccessible(page, 'a ballot with a refusal beside an idea');
  await page.getByLabel(ch.ideas[0].title).check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(castList(page)).toHaveText([ch.ideas[0].title]);
});

test('points: the counter says what is left and too many is refused', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'puntos', { kind: 'points', points_total: 10, max_per_idea: 6 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  const [a, b] = ch.ideas.map((i) => page.getByLabel(i.title));
  await a.fill('6');
  await expect(page.locator('#ballot-counter')).toHaveText('Quedan 4 puntos de 10');
  await b.fill('6');
  await expect(page.locator('#ballot-counter')).toHaveText('Te pasaste por 2 puntos (el total es 10)');
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.getByRole('alert')).toContainText('Reparte como máximo 10 puntos');
  await expectAccessible(page, 'a points ballot with an error');
  await b.fill('4');
  await expect(page.locator('#ballot-counter')).toHaveText('Quedan 0 puntos de 10');
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(castList(page)).toHaveText([`${ch.ideas[0].title} · 6 puntos`, `${ch.ideas[1].title} · 4 puntos`]);
  await noUntranslated(page, expect);
});

test('ranking by keyboard, and by dragging', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'orden', { kind: 'ranking', method: 'schulze', max_ranks: 3 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  const [a, b, c3] = ch.ideas.map((i) => i.title);
  const add = (title) => page.getByRole('button', { name: `Agregar «${title}» a tu orden` });
  await add(a).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: `Quitar «${a}»` })).toBeFocused();
  await add(b).focus();
  await page.keyboard.press('Enter');
  // Up with the keyboard: the focus follows the idea.
  await page.getByRole('button', { name: `Subir «${b}»` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('ol.ranked .title')).toHaveText([b, a]);
  await expect(page.getByRole('button', { name: `Bajar «${b}»` })).toBeFocused();
  await expect(page.locator('#ballot-counter')).toContainText(`«${b}» ahora está en el lugar 1.`);
  await expectAccessible(page, 'a ranking ballot');
  await noUntranslated(page, expect);
  // A partial ballot asks first; "back" returns to it.
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Tu boleta está incompleta');
  await expectAccessible(page, 'the partial-ballot warning');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await add(c3).click();
  // Dragging the third to the top.
  await page.locator(`ol.ranked li[data-id="${ch.ideas[2].id}"]`).dragTo(page.locator(`ol.ranked li[data-id="${ch.ideas[1].id}"]`));
  await expect(page.locator('ol.ranked .title')).toHaveText([c3, b, a]);
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(castList(page)).toHaveText([c3, b, a]);
});

test('budget: the basket shows spent and left and refuses what does not fit', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'presupuesto', { kind: 'budget' }, { budget: 800 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  const [a, b, c3] = ch.ideas.map((i) => page.getByLabel(i.title, { exact: false }));
  await a.check(); // 400
  await b.check(); // 300
  const basket = page.locator('.basket');
  await expect(basket).toHaveText(/Gastado: \$700 de \$800 · quedan \$100/);
  // The bar fills to what is spent: 700 of 800.
  const [fill, bar] = await Promise.all([page.locator('.basket-fill'), page.locator('.basket-bar')].map((l) => l.boundingBox()));
  expect(fill.width / bar.width).toBeCloseTo(0.875, 2);
  // Each idea with its cost and summary; the third's whole text behind "Leer más".
  const third = page.locator(`li.option[data-idea="${ch.ideas[2].id}"]`);
  await expect(third.locator('.option-title')).toHaveText(`${ch.ideas[2].title} · $500`);
  await third.getByText('Leer más').click();
  await expect(third.locator('details p.description')).toBeVisible();
  await c3.click(); // 500 does not fit
  await expect(c3).not.toBeChecked();
  // The refusal beside the idea that does not fit, describing its box; none at the top.
  await expect(third.locator('.refusal')).toHaveText(`«${ch.ideas[2].title}» no cabe: cuesta $500 y solo quedan $100.`);
  await expect(c3).toHaveAttribute('aria-describedby', new RegExp(`choice-${ch.ideas[2].id}-refusal`));
  await expect(page.locator('.refusal')).toHaveCount(1);
  // The basket stays in view at the bottom of the list.
  await page.getByRole('button', { name: 'Enviar mi voto' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await basket.evaluate((node) => getComputedStyle(node).position)).toBe('sticky');
  const box = await basket.boundingBox();
  const third_ = await third.boundingBox();
  expect(box.y, 'the basket in view').toBeGreaterThanOrEqual(-1);
  expect(box.y + box.height, 'the basket in view').toBeLessThanOrEqual(page.viewportSize().height);
  expect(box.y, 'the basket above the last idea').toBeLessThan(third_.y + third_.height);
  await expectAccessible(page, 'a budget ballot with a refusal');
  await noUntranslated(page, expect);
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(castList(page)).toHaveText([ch.ideas[0].title, ch.ideas[1].title]);
});

test('an empty ballot is sent only after the warning', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'vacia', { kind: 'approval', max_choices: 2 });
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.getByRole('dialog')).toContainText('Tu boleta está vacía');
  await page.getByRole('button', { name: 'Enviar así' }).click();
  await expect(page.locator('.cast-empty')).toHaveText('Enviaste la boleta vacía.');
});

test('an anonymous challenge: the page gets its token from the desk and votes, across a reload and a closed tab', async ({ page, cabildo }) => {
  const challengePage = `${cabildo.origin}/${m}/${blindSlug}`;
  const pendingKey = `cabildo.blind.${m}/${blindSlug}`;
  await page.goto(challengePage);
  await expect(page.getByRole('heading', { name: 'Cómo participar' })).toBeVisible();
  await expectAccessible(page, 'a blind challenge without a token');
  await page.getByRole('button', { name: 'Obtener mi clave anónima' }).click();
  const code = page.locator('.blind-code');
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const requested = await code.innerText();
  await expectAccessible(page, 'the blind request code');
  // What finishing needs is on the device, beside the code: never the token, which does not exist yet.
  const pending = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), pendingKey);
  expect(pending).toMatchObject({ code: requested, state: { prepared: expect.any(String), inv: expect.any(String), blinded: expect.any(String) } });
  // A reload picks the request up again: the same code, still waiting.
  await page.reload();
  await expect(code).toHaveText(requested);
  await expect(page.getByText('Retomamos tu solicitud de clave anónima.')).toBeVisible();
  // The tab is gone (another page) when the desk signs: nothing collects the signature...
  await page.goto(`${cabildo.origin}/`);
  const signed = await cabildo.call('POST', `${base_path}/tokens/blind`, {
    key: cabildo.organiserKey, body: { ref: 'CURP-XAXX010101', request: requested },
  });
  expect(signed.status, signed.text).toBe(201);
  // ...until the challenge page is opened again: it finishes the token, tells the server it exists
  // (DELETE …/requests/{code}?secret=, the secret only this page got with its code; a server
  // without that route answers 405, which changes nothing) and forgets the request.
  const told = page.waitForResponse((r) => r.request().method() === 'DELETE' &&
    r.url().includes(`/tokens/blind/requests/${requested}?secret=`), { timeout: 15_000 });
  await page.goto(challengePage);
  await expect(page.locator('h1')).toHaveText(/^Votar/, { timeout: 15_000 });
  expect((await told).status(), 'the server took the page\'s word, with its secret').toBe(204);
  const seen = await cabildo.call('GET', `${base_path}/tokens/blind/requests/${requested}`, { key: cabildo.organiserKey });
  expect(expectStatus(seen, 200, 'the desk follows the request').state).toBe('collected');
  await expect(page.getByRole('status')).toContainText('Tu clave anónima está lista');
  expect(await page.evaluate((k) => localStorage.getItem(k), `cabildo.token.${m}/${blindSlug}`)).toMatch(/^[\w-]+\.[\w-]+$/);
  expect(await page.evaluate((k) => localStorage.getItem(k), pendingKey), 'the request forgotten once the token exists').toBeNull();
  await page.getByRole('checkbox').first().check();
  await page.getByRole('checkbox').nth(1).check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  await expect(castList(page)).toHaveCount(2);
});
