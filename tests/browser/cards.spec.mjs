// The printable QR cards: every card's QR code, read back from the rendered page by zbar, is the
// public page's link with that card's short code (never its token), on the server's own origin; the
// code is printed large under it; and a scanned card leads to a ballot that counts.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test, expect, base_path, m, c, expectStatus, expectAccessible } from './fixtures.mjs';

const run = promisify(execFile);

// Every card's text and code inside its box, printed (print media): nothing taller or wider than
// the box holds, which the card's overflow: hidden would otherwise cut silently.
async function expectCardsFit(page, what) {
  await page.emulateMedia({ media: 'print' });
  try {
    const parts = await page.locator('article.card').evaluateAll((cards) => cards.flatMap((card, i) =>
      [card, ...card.querySelectorAll('.text, .code, .instructions')].map((el) => ({
        card: i + 1, name: el.className, tall: el.scrollHeight - el.clientHeight, wide: el.scrollWidth - el.clientWidth,
        last: (() => { const items = card.querySelectorAll('.instructions li'); const li = items[items.length - 1];
          const box = card.getBoundingClientRect(); const r = li.getBoundingClientRect(); return box.bottom - r.bottom; })(),
      }))));
    expect(parts.length, what).toBeGreaterThan(0);
    for (const p of parts) {
      expect(p.tall, `${what}: card ${p.card}, ${p.name} is taller than its box`).toBeLessThanOrEqual(1);
      expect(p.wide, `${what}: card ${p.card}, ${p.name} is wider than its box`).toBeLessThanOrEqual(1);
      expect(p.last, `${what}: card ${p.card}, the third instruction ends inside the card`).toBeGreaterThan(0);
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

// A device scale of 3 gives zbar several pixels a module even on a small printed card.
test.use({ deviceScaleFactor: 3 });

test('each card on a batch sheet scans to its own short-code link, which leads to a ballot', async ({ page, cabildo }, testInfo) => {
  const issued = expectStatus(
    await cabildo.call('POST', `${base_path}/tokens`, {
      key: cabildo.organiserKey,
      body: { count: 3, label: 'Mesa 1' },
    }),
    201, 'a batch of three cards');
  expect(issued.batch, JSON.stringify(issued)).toMatchObject({ label: 'Mesa 1', count: 3 });
  expect(issued.tokens).toHaveLength(3);
  for (const t of issued.tokens) expect(t.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  const expected = issued.tokens.map((t) => `${cabildo.origin}/#/${m}/${c}?code=${t.code}`).sort();

  // The sheet needs the organiser's key: only its own request gets the header.
  const cardsUrl = `${cabildo.origin}${base_path}/tokens/batches/${issued.batch.id}/cards`;
  await page.route(cardsUrl, (route) =>
    route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${cabildo.organiserKey}` } }));
  const res = await page.goto(cardsUrl);
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/html/);
  // Each card prints its code to type, and no token anywhere.
  await expect(page.locator('article.card .code')).toHaveCount(3);
  expect((await page.locator('article.card .code').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ')).sort())
    .toEqual(issued.tokens.map((t) => `Código ${t.code}`).sort());
  // When voting closes, in the zone's offset, never its IANA name.
  await expect(page.locator('article.card .closes').first()).toHaveText(/^Cierra: .*\(hora local, UTC−7\)$/);
  const sheet = await page.content();
  expect(sheet).not.toContain('America/');
  for (const t of issued.tokens) expect(sheet).not.toContain(t.token);

  // Printed on A4 (print media), each card's text, third instruction included, and its code fit
  // inside its 95 x 55 mm box (issue 18: the sheet cut its third instruction); a long public
  // address (the server's --public-url) wraps inside the box too.
  await expectCardsFit(page, 'the server sheet');
  const longAddress = 'https://participa.municipio-de-san-nicolas-de-los-garza.gob.mx/san-nicolas/movilidad-urbana-2026';
  const withLongAddress = sheet.replace(/(<span class="address">)[^<]*(<\/span>)/g, `$1${longAddress}$2`);
  expect(withLongAddress).not.toBe(sheet);
  await page.setContent(withLongAddress);
  await expectCardsFit(page, 'the server sheet with a long address');
  await page.goto(cardsUrl);

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

  // A scanned card opens the public page on its challenge, turns its code into the token, keeps
  // both on the device and takes the code out of the address bar (tokens.js takeCardLink); the
  // card is named by its code, and its ballot counts.
  const [first] = decoded;
  const card = issued.tokens.find((t) => first.endsWith(`?code=${t.code}`));
  await page.goto(first);
  await expect(page.locator(`article.challenge[data-slug="${c}"] .card-token`)).toHaveText(`Tarjeta en uso en este dispositivo: ${card.code}.`);
  expect(page.url()).toBe(`${cabildo.origin}/${m}/${c}`);
  expect(await page.evaluate((key) => localStorage.getItem(key), `cabildo.token.${m}/${c}`)).toBe(card.token);
  await page.getByRole('link', { name: 'Votar' }).click();
  await page.getByRole('checkbox').first().check();
  await page.getByRole('checkbox').nth(1).check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  await expectAccessible(page, 'the receipt of a scanned card');
  const batches = expectStatus(await cabildo.call('GET', `${base_path}/tokens/batches`, { key: cabildo.organiserKey }), 200, 'the batches');
  expect(batches.batches.find((b) => b.id === issued.batch.id)).toMatchObject({ issued: 3, used: 1 });
});
