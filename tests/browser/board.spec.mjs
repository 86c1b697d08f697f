// The ballot on the public bulletin board (issue 21), from the receipt page: the device keeps the
// ballot's board entry with its receipt and checks in the browser, with WebCrypto, that the board's
// latest signed tree head holds it (an RFC 9162 inclusion proof and the head's Ed25519 signature),
// saying the tree's size and time in words, and that it still extends the signed head the ballot
// landed in, which the device kept (that head's signature and an RFC 9162 consistency proof); an
// entry or a kept head changed on the device fails, saying which part; a browser without Ed25519
// says so and still checks the inclusion and the consistency; once the results are out the check
// says the ballot counts. axe runs on each answer.
import { test, expect, expectAccessible, expectStatus, afterVoting, m, snap } from './fixtures.mjs';
import { setUpChallenge, openCard, announce, noUntranslated } from './resident_setup.mjs';

// The deadline of a check: four requests and a few hashes, on a slow shared machine.
const checkDeadlineMs = 15_000;
const receiptKey = (ch) => `cabildo.receipt.${m}/${ch.slug}`;

// Votes for the first two ideas with a fresh card and waits for the receipt page; answers what the
// device kept.
async function vote(page, cabildo, ch) {
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  await page.getByLabel(ch.ideas[0].title).check();
  await page.getByLabel(ch.ideas[1].title).check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k)), receiptKey(ch));
}

const headOf = async (cabildo, ch) => expectStatus(await cabildo.call('GET', `${ch.base}/board/head`), 200, 'the board head');

test('the receipt page finds the ballot on the board, and an entry changed on the device fails', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'tablero', { kind: 'approval', max_choices: 2 });
  const kept = await vote(page, cabildo, ch);
  // The receipt as before, and beside it the ballot's place on the board as the server answered.
  expect(kept).toMatchObject({ receipt: expect.any(String), replaced: false, leaf: expect.any(Number),
    entry: expect.any(Object), tracker: expect.stringMatching(/^[\w-]{43}$/), head: { tree_size: expect.any(Number) } });
  expect(kept.head.tree_size).toBeGreaterThan(kept.leaf);
  const head = await headOf(cabildo, ch);
  expect(head.tree_size, 'the ballot is the board\'s last entry').toBe(kept.leaf + 1);

  const board = page.getByRole('region', { name: 'Verificar en el tablero público' });
  await expect(board.locator('.board-tracker')).toHaveText(kept.tracker.slice(0, 8));
  await expect(board.locator('.board-place')).toContainText(`entrada ${kept.leaf} del tablero`);
  await expectAccessible(page, 'the receipt with its board section');
  await board.getByRole('button', { name: 'Verificar mi boleta' }).click();
  const result = board.locator('.board-result');
  await expect(result).toHaveAttribute('data-result', 'included', { timeout: checkDeadlineMs });
  await expect(result.locator('strong')).toHaveText(new RegExp(`^Tu boleta está en el tablero público: es la entrada ${kept.leaf} `
    + `del árbol de ${head.tree_size} entradas firmado el 10 ene 2026, 5:00`));
  // The head kept with the ballot is today's: the board has not grown since.
  await expect(result.locator('.board-extended')).toHaveText(/^El tablero no ha crecido desde que quedó firmada tu boleta el 10 ene 2026, 5:00/);
  await expect(result).toContainText('Las firmas de los dos árboles, el de hoy y el que guardó este dispositivo, son de la llave del tablero de este reto.');
  // Where it stands by its receipt: recorded, while the vote can change.
  await expect(board.locator('.receipt-status')).toHaveAttribute('data-status', 'recorded');
  await expect(board.getByRole('button', { name: 'Verificar mi boleta' })).toBeEnabled();
  await expectAccessible(page, 'the ballot found on the board');
  await snap(page, 'board-check');
  await noUntranslated(page, expect);

  // Another idea written into the entry kept on this device: it is no longer the board's leaf.
  await page.evaluate((k) => {
    const receipt = JSON.parse(localStorage.getItem(k));
    receipt.entry.content = { ...receipt.entry.content, ideas: [...receipt.entry.content.ideas].reverse() };
    localStorage.setItem(k, JSON.stringify(receipt));
  }, receiptKey(ch));
  await page.reload();
  await board.getByRole('button', { name: 'Verificar mi boleta' }).click();
  await expect(result).toHaveAttribute('data-result', 'failed', { timeout: checkDeadlineMs });
  await expect(result).toHaveAttribute('data-part', 'entry');
  await expect(result).toContainText('La verificación falló: no se pudo comprobar que tu boleta esté en el tablero.');
  await expect(result).toContainText(`La boleta que guarda este dispositivo no coincide con la entrada ${kept.leaf} del tablero.`);
  await expectAccessible(page, 'a failed board check');
  await snap(page, 'board-check-failed');
  await noUntranslated(page, expect);

  // The entry as the server gave it again, in English.
  await page.evaluate(([k, entry]) => {
    const receipt = JSON.parse(localStorage.getItem(k));
    localStorage.setItem(k, JSON.stringify({ ...receipt, entry }));
  }, [receiptKey(ch), kept.entry]);
  await page.reload();
  await page.locator('#language').selectOption('en');
  const boardEn = page.getByRole('region', { name: 'Verify on the public board' });
  await boardEn.getByRole('button', { name: 'Check my ballot' }).click();
  await expect(boardEn.locator('.board-result')).toHaveAttribute('data-result', 'included', { timeout: checkDeadlineMs });
  await expect(boardEn.locator('.board-result strong')).toHaveText(new RegExp(`^Your ballot is on the public board: it is entry ${kept.leaf} `
    + `of the tree of ${head.tree_size} entries signed at Jan 10, 2026, 5:00`));
  await noUntranslated(page, expect);
});

test('without Ed25519 the check says the signature went unchecked; after the results it says the ballot counts', async ({ page, cabildo }) => {
  // A browser whose WebCrypto has SHA-256 but no Ed25519, as before 2025.
  await page.addInitScript(() => {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    crypto.subtle.importKey = (format, data, algorithm, ...rest) => (algorithm?.name === 'Ed25519'
      ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
      : importKey(format, data, algorithm, ...rest));
  });
  const ch = await setUpChallenge(cabildo, 'sin-firma', { kind: 'approval', max_choices: 2 });
  const kept = await vote(page, cabildo, ch);
  await announce(cabildo, ch.slug, afterVoting);
  // The board grew since the ballot (voting's close and the count are on it too): the proof is for
  // the tree of now.
  const head = await headOf(cabildo, ch);
  expect(head.tree_size).toBeGreaterThan(kept.head.tree_size);
  await page.goto(`${cabildo.origin}/${m}/${ch.slug}/receipt`);
  const board = page.getByRole('region', { name: 'Verificar en el tablero público' });
  await board.getByRole('button', { name: 'Verificar mi boleta' }).click();
  const result = board.locator('.board-result');
  await expect(result).toHaveAttribute('data-result', 'included', { timeout: checkDeadlineMs });
  await expect(result.locator('strong')).toContainText(`es la entrada ${kept.leaf} del árbol de ${head.tree_size} entradas firmado el`);
  await expect(result.locator('.board-extended')).toContainText(`sigue extendiendo el árbol de ${kept.head.tree_size} entradas`);
  await expect(result).toContainText('Este navegador no sabe comprobar firmas Ed25519, así que aquí no se comprobaron las firmas de los árboles');
  await expect(board.locator('.receipt-status')).toHaveAttribute('data-status', 'counted');
  await expect(board.locator('.receipt-status strong')).toHaveText('Tu voto cuenta.');
  await expectAccessible(page, 'a board check without Ed25519, after the results');
  await noUntranslated(page, expect);
});

test('the board grew since the ballot and still extends the head kept with it; a kept head changed on the device fails', async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'historia', { kind: 'approval', max_choices: 2 });
  const kept = await vote(page, cabildo, ch);
  // Three more residents vote: the board grows past the head the ballot landed in.
  for (let i = 0; i < 3; i += 1) {
    expectStatus(await cabildo.call('PUT', `${ch.base}/ballot`, { body: { token: await ch.card(), choices: [ch.ideas[2].id] } }), 200, 'a ballot');
  }
  const head = await headOf(cabildo, ch);
  expect(head.tree_size).toBeGreaterThan(kept.head.tree_size);

  const board = page.getByRole('region', { name: 'Verificar en el tablero público' });
  const check = board.getByRole('button', { name: 'Verificar mi boleta' });
  const result = board.locator('.board-result');
  // The proof asked for runs from the kept head's size to today's.
  const consistency = page.waitForResponse((r) => r.url().endsWith(`/board/consistency?first=${kept.head.tree_size}&second=${head.tree_size}`),
    { timeout: checkDeadlineMs });
  await check.click();
  expect((await consistency).status()).toBe(200);
  await expect(result).toHaveAttribute('data-result', 'included', { timeout: checkDeadlineMs });
  await expect(result.locator('strong')).toContainText(`es la entrada ${kept.leaf} del árbol de ${head.tree_size} entradas firmado el`);
  await expect(result.locator('.board-extended')).toHaveText(new RegExp(`^El tablero de hoy sigue extendiendo el árbol de ${kept.head.tree_size} `
    + 'entradas en el que quedó firmada tu boleta el 10 ene 2026, 5:00.*: desde entonces solo se le agregaron entradas; ninguna se cambió ni se quitó\\.$'));
  await expect(result).toContainText('Las firmas de los dos árboles, el de hoy y el que guardó este dispositivo, son de la llave del tablero de este reto.');
  await expectAccessible(page, 'a board that extends the kept head');
  await noUntranslated(page, expect);

  // The same in English.
  await page.locator('#language').selectOption('en');
  const boardEn = page.getByRole('region', { name: 'Verify on the public board' });
  await boardEn.getByRole('button', { name: 'Check my ballot' }).click();
  await expect(boardEn.locator('.board-result')).toHaveAttribute('data-result', 'included', { timeout: checkDeadlineMs });
  await expect(boardEn.locator('.board-extended')).toHaveText(new RegExp(`^Today's board still extends the tree of ${kept.head.tree_size} entries `
    + 'your ballot was signed into at Jan 10, 2026, 5:00.*: since then entries were only added; none was changed or removed\\.$'));
  await expect(boardEn.locator('.board-result')).toContainText('Both trees\' signatures, today\'s and the one this device kept, are by this challenge\'s board key.');
  await noUntranslated(page, expect);
  await page.locator('#language').selectOption('es-MX');

  // Another root written into the head kept on this device: its signature no longer holds, and the
  // check says the kept head failed, not the server.
  await page.evaluate((k) => {
    const receipt = JSON.parse(localStorage.getItem(k));
    const root = receipt.head.root_hash;
    receipt.head.root_hash = (root[0] === 'A' ? 'B' : 'A') + root.slice(1);
    localStorage.setItem(k, JSON.stringify(receipt));
  }, receiptKey(ch));
  await page.reload();
  await check.click();
  await expect(result).toHaveAttribute('data-result', 'failed', { timeout: checkDeadlineMs });
  await expect(result).toHaveAttribute('data-part', 'kept');
  await expect(result.locator('strong')).toHaveText('La verificación falló: no se pudo comprobar que el tablero conserve sin cambios el árbol '
    + 'en el que quedó firmada tu boleta.');
  await expect(result).toContainText('El árbol firmado que este dispositivo guardó cuando votaste no es de este reto, '
    + `no llega a la entrada ${kept.leaf} o su firma no es la de la llave del tablero de este reto: se cambió en este dispositivo, o el tablero no lo firmó.`);
  await expect(check).toBeEnabled();
  await expectAccessible(page, 'a kept head that fails its signature');
  await noUntranslated(page, expect);
});
