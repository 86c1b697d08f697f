// The ballot on the public bulletin board (issue 21), from the receipt page: the device keeps the
// ballot's board entry with its receipt and checks in the browser, with WebCrypto, that the board's
// latest signed tree head holds it (an RFC 9162 inclusion proof and the head's Ed25519 signature),
// saying the tree's size and time in words; an entry changed on the device fails, saying which part;
// a browser without Ed25519 says so and still checks the inclusion; once the results are out the
// check says the ballot counts. axe runs on each answer.
import { test, expect, expectAccessible, expectStatus, afterVoting, m } from './fixtures.mjs';
import { setUpChallenge, openCard, announce, noUntranslated } from './resident_setup.mjs';

// The deadline of a check: three requests and a few hashes, on a slow shared machine.
const checkDeadlineMs = 15_000;

// Votes for the first two ideas with a fresh card and waits for the receipt page; answers what the
// device kept.
async function vote(page, cabildo, ch) {
  await openCard(page, cabildo.origin, ch.slug, await ch.card());
  await page.getByRole('link', { name: 'Votar' }).click();
  await page.getByLabel(ch.ideas[0].title).check();
  await page.getByLabel(ch.ideas[1].title).check();
  await page.getByRole('button', { name: 'Enviar mi voto' }).click();
  await expect(page.locator('h1')).toHaveText('Tu comprobante de voto');
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `cabildo.receipt.${m}/${ch.slug}`);
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
  await expect(result).toContainText('La firma de ese árbol es la de la llave del tablero de este reto.');
  // Where it stands by its receipt: recorded, while the vote can change.
  await expect(board.locator('.receipt-status')).toHaveAttribute('data-status', 'recorded');
  await expect(board.getByRole('button', { name: 'Verificar mi boleta' })).toBeEnabled();
  await expectAccessible(page, 'the ballot found on the board');
  await noUntranslated(page, expect);

  // Another idea written into the entry kept on this device: it is no longer the board's leaf.
  await page.evaluate((k) => {
    const receipt = JSON.parse(localStorage.getItem(k));
    receipt.entry.content = { ...receipt.entry.content, ideas: [...receipt.entry.content.ideas].reverse() };
    localStorage.setItem(k, JSON.stringify(receipt));
  }, `cabildo.receipt.${m}/${ch.slug}`);
  await page.reload();
  await board.getByRole('button', { name: 'Verificar mi boleta' }).click();
  await expect(result).toHaveAttribute('data-result', 'failed', { timeout: checkDeadlineMs });
  await expect(result).toHaveAttribute('data-part', 'entry');
  await expect(result).toContainText('La verificación falló: no se pudo comprobar que tu boleta esté en el tablero.');
  await expect(result).toContainText(`La boleta que guarda este dispositivo no coincide con la entrada ${kept.leaf} del tablero.`);
  await expectAccessible(page, 'a failed board check');
  await noUntranslated(page, expect);

  // The entry as the server gave it again, in English.
  await page.evaluate(([k, entry]) => {
    const receipt = JSON.parse(localStorage.getItem(k));
    localStorage.setItem(k, JSON.stringify({ ...receipt, entry }));
  }, [`cabildo.receipt.${m}/${ch.slug}`, kept.entry]);
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
  await expect(result).toContainText('Este navegador no sabe comprobar firmas Ed25519');
  await expect(board.locator('.receipt-status')).toHaveAttribute('data-status', 'counted');
  await expect(board.locator('.receipt-status strong')).toHaveText('Tu voto cuenta.');
  await expectAccessible(page, 'a board check without Ed25519, after the results');
  await noUntranslated(page, expect);
});
