// The printable QR cards: every card's code, read back from the rendered page by zbar, is the
// public page's link with that card's token, on the server's own origin.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect, base_path, m, c, expectStatus } from './fixtures.mjs';

const run = promisify(execFile);

// A device scale of 3 gives zbar several pixels a module even on a small printed card.
test.use({ deviceScaleFactor: 3 });

test('each card on a batch sheet scans to its own token link', async ({ page, cabildo }, testInfo) => {
  const issued = expectStatus(
    await cabildo.call('POST', `${base_path}/tokens`, {
      key: cabildo.organiserKey,
      body: { count: 3, label: 'Mesa 1' },
    }),
    201, 'a batch of three cards');
  expect(issued.batch, JSON.stringify(issued)).toMatchObject({ label: 'Mesa 1', count: 3 });
  expect(issued.tokens).toHaveLength(3);
  const expected = issued.tokens.map((t) => `${cabildo.origin}/#/${m}/${c}?token=${t.token}`).sort();

  // The sheet needs the organiser's key: only its own request gets the header.
  const cardsUrl = `${cabildo.origin}${base_path}/tokens/batches/${issued.batch.id}/cards`;
  await page.route(cardsUrl, (route) =>
    route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${cabildo.organiserKey}` } }));
  const res = await page.goto(cardsUrl);
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/html/);

  const codes = page.locator('svg');
  await expect(codes).toHaveCount(3);
  const decoded = [];
  for (let i = 0; i < 3; i += 1) {
    // The drawing as it prints, quiet zone included: a code that scans only with extra margin
    // around it would not scan from the card either.
    const file = testInfo.outputPath(`card-${i + 1}.png`);
    await codes.nth(i).screenshot({ path: file });
    const { stdout } = await run('zbarimg', ['--raw', '-q', file], { timeout: 15_000 });
    decoded.push(...stdout.split('\n').filter((line) => line !== ''));
  }
  expect(decoded.sort()).toEqual(expected);

  // A scanned card opens the public page on its challenge, keeps the token on the device and takes
  // it out of the address bar (the page moves to the challenge's path, tokens.js takeCardLink).
  const [first] = decoded;
  const token = new URL(first).hash.split('token=')[1];
  await page.goto(first);
  await expect(page.locator(`article.challenge[data-slug="${c}"] .card-token`)).toBeVisible();
  expect(page.url()).toBe(`${cabildo.origin}/${m}/${c}`);
  expect(await page.evaluate((key) => localStorage.getItem(key), `cabildo.token.${m}/${c}`)).toBe(token);
});
