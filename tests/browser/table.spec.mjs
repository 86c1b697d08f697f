// In-person tables (issue 22) in the browser. Two officers of one table, each on a phone (360x740,
// touch) of their own: they log in with their keys and land on their table's page; they check people
// in (may vote, has already voted, and without a connection the paper roll, entered afterwards, a
// duplicate on it counted as such); once the table closes
// they enter the box's ballots, one officer going offline mid-entry: what they enter waits on the
// device (IndexedDB, kept across a reload) with its count in view and goes out once when the
// connection returns (checked through the API: each position has exactly two entries); a mismatch is listed with both marks and
// resolved by entering it again; the act is drafted with the photo's SHA-256 computed in the
// browser, signed by both officers (one signature queued offline), and closes; the derived signing
// key is the one the server published. Then the public results show each channel, the paper
// ballots' blank and null counts, the district and the reconciliation. The organiser's tables page
// creates a table, refuses a CSV row naming it, uploads a CSV, makes an officer's key and revokes it.
// Every wait has a deadline; axe runs on each page.
import { createHash } from 'node:crypto';
import { test, expect, expectStatus, expectAccessible, m, snap } from './fixtures.mjs';
import { setUpChallenge, noUntranslated, shortTargets } from './resident_setup.mjs';
import { phoneScreen } from './devices.mjs';

// How long the outbox may take to send what waited once the connection is back: the `online`
// event sends at once; the retry timer is the fallback.
const sendDeadlineMs = 20_000;
const opens = '2026-01-10T08:00:00Z';
const closes = '2026-01-10T20:00:00Z';
const afterClose = '2026-01-10T21:00:00Z';
const afterVoting = '2026-01-26T00:00:00Z';

// A page on its own phone-size context, failing the test on a console error, an uncaught exception
// or a failed request, as fixtures.mjs's page does, except what a page offline cannot avoid: its
// API requests failing for want of a network (net::ERR_INTERNET_DISCONNECTED) and the console lines
// chromium writes for them, and the API's 4xx refusals the page shows in words.
async function officerPage(browser, problems, name) {
  const context = await browser.newContext(phoneScreen);
  const page = await context.newPage();
  const offlineFailure = (text) => /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NAME_NOT_RESOLVED/.test(text);
  const api = (url) => new URL(url || 'about:blank', 'http://x').pathname.startsWith('/api/v1/');
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url;
    if (api(url) && (/status of 4\d\d/.test(msg.text()) || offlineFailure(msg.text()))) return;
    problems.push(`${name} console: ${msg.text()} (at ${url})`);
  });
  page.on('pageerror', (e) => problems.push(`${name} exception: ${e.message}`));
  page.on('response', (res) => {
    if (res.status() >= 500 || (res.status() >= 400 && !api(res.url()))) problems.push(`${name} answered ${res.status()}: ${res.url()}`);
  });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    if (why === 'net::ERR_ABORTED' || (api(r.url()) && offlineFailure(why))) return;
    problems.push(`${name} request failed: ${r.url()} ${why}`);
  });
  return { context, page };
}

async function logIn(page, origin, key) {
  await page.goto(`${origin}/organiser`);
  await page.getByLabel('Clave', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

const statusBar = (page) => page.locator('.table-status');
const statusLine = (page) => page.locator('.table-status-line');
const unsent = (page, n) => expect(statusBar(page)).toHaveAttribute('data-unsent', String(n), { timeout: sendDeadlineMs });

async function checkIn(page, ref) {
  await page.getByLabel('Referencia de identidad').fill(ref);
  await page.getByRole('button', { name: 'Registrar' }).click();
}

// Marks the ideas named and saves the ballot at the position the page shows, waiting for the next.
async function enterChoices(page, titles, position) {
  await expect(page.locator('.table-position')).toHaveText(`Boleta número ${position}`);
  for (const title of titles) await page.getByLabel(title).check();
  await page.getByRole('button', { name: `Guardar la boleta ${position}` }).click();
  await expect(page.locator('.table-saved')).toContainText(`Boleta ${position} guardada en este dispositivo`);
}

async function enterBlank(page, position) {
  await expect(page.locator('.table-position')).toHaveText(`Boleta número ${position}`);
  await page.getByRole('button', { name: 'En blanco', exact: true }).click();
  await expect(page.locator('.table-saved')).toHaveText(`Boleta ${position} guardada en este dispositivo: En blanco.`);
}

async function enterNull(page, position, reason) {
  await expect(page.locator('.table-position')).toHaveText(`Boleta número ${position}`);
  await page.getByLabel('Motivo de nulidad').selectOption({ label: reason });
  await page.getByRole('button', { name: 'Nula', exact: true }).click();
  await expect(page.locator('.table-saved')).toHaveText(`Boleta ${position} guardada en este dispositivo: Nula: ${reason}.`);
}

// How many items the page's outbox holds in IndexedDB (every key holder's).
const storedItems = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('cabildo-outbox', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction('items').objectStore('items').getAll();
    get.onsuccess = () => { resolve(get.result.map((x) => x.key)); open.result.close(); };
    get.onerror = () => reject(get.error);
  };
}));

// The officers are on phones of their own in either project: run once (devices.mjs).
test('two officers check people in, enter the ballots (one offline mid-entry), resolve a mismatch and sign the act', { tag: '@phone' }, async ({ browser, cabildo }) => {
  test.setTimeout(120_000);
  const problems = [];
  const ch = await setUpChallenge(cabildo, 'mesas', { kind: 'approval', max_choices: 2 });
  const key = cabildo.organiserKey;
  const [kino, madero, centro] = ch.ideas;

  // Online, before the table day: one resident votes with a card; another, known to the desk by
  // reference, votes online and then checks in at the table, where the paper replaces the online vote.
  expectStatus(await cabildo.call('PUT', `${ch.base}/ballot`, { body: { token: await ch.card(), choices: [centro.id] } }), 200, 'an online ballot');
  const issued = expectStatus(await cabildo.call('POST', `${ch.base}/tokens`, { key, body: { participants: [{ ref: 'CURP-0003' }] } }), 201, 'a token by reference');
  expectStatus(await cabildo.call('PUT', `${ch.base}/ballot`, { body: { token: issued.tokens[0].token, choices: [centro.id] } }), 200,
    'the online ballot of a person who then votes on paper');

  const table = expectStatus(await cabildo.call('POST', `${ch.base}/tables`, { key, body: {
    name: 'Escuela Benito Juárez', address: 'Calle Juárez 10', district: 'Centro', opens, closes,
    observers: [{ name: 'Lucía Robles', organisation: 'Observatorio Ciudadano' }] } }), 201, 'a table');
  const tableBase = `${ch.base}/tables/${table.id}`;
  const ana = expectStatus(await cabildo.call('POST', `${tableBase}/officers`, { key, body: { label: 'Ana' } }), 201, 'officer Ana');
  const beto = expectStatus(await cabildo.call('POST', `${tableBase}/officers`, { key, body: { label: 'Beto' } }), 201, 'officer Beto');
  expect(ana).toMatchObject({ role: 'officer', label: 'Ana', key: expect.any(String), signing_key: expect.stringMatching(/^[\w-]{43}$/) });

  const a = await officerPage(browser, problems, 'Ana');
  const b = await officerPage(browser, problems, 'Beto');
  try {
    // Logging in opens the table's page.
    await logIn(a.page, cabildo.origin, ana.key);
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Mesa receptora: Escuela Benito Juárez');
    await expect(a.page).toHaveURL(`${cabildo.origin}/organiser/mesas/table`);
    await expect(a.page.getByText('Funcionario de mesa receptora en Hermosillo.', { exact: true })).toBeVisible();
    await expect(a.page.locator('.org-nav').getByRole('link')).toHaveText(['Mi mesa']);
    await expect(statusLine(a.page)).toHaveText('En línea. Todo lo capturado está enviado.');
    await logIn(b.page, cabildo.origin, beto.key);
    await expect(b.page.getByRole('heading', { level: 1 })).toHaveText('Mesa receptora: Escuela Benito Juárez');

    // An officer's key opens no other page.
    await a.page.goto(`${cabildo.origin}/organiser/mesas/tables`);
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Sin acceso');
    await a.page.goto(`${cabildo.origin}/organiser/mesas/table`);

    // Check-in, while the table is open (the clock is at noon UTC): the answer in words.
    await expect(a.page.locator('.table-gate')).toHaveText(/^Las boletas se capturan cuando cierra la mesa, el 10 ene 2026, 1:00/);
    await expect(a.page.getByRole('button', { name: 'Guardar la boleta 1' })).toBeDisabled();
    await checkIn(a.page, 'CURP-0001');
    await expect(a.page.locator('.table-verdict')).toHaveText('Puede votar aquí');
    await expect(a.page.locator('.table-count')).toHaveText('1 persona registrada en esta mesa.');
    await expectAccessible(a.page, 'the officer\'s page after a check-in');
    await snap(a.page, 'table-checkin');
    await checkIn(a.page, 'CURP-0001');
    await expect(a.page.locator('.table-verdict')).toHaveText('Ya votó');
    await expect(a.page.locator('.table-verdict')).toHaveAttribute('data-verdict', 'no');
    await checkIn(b.page, 'CURP-0002');
    await expect(b.page.locator('.table-verdict')).toHaveText('Puede votar aquí');
    await expect(b.page.locator('.table-count')).toHaveText('2 personas registradas en esta mesa.');

    // Without a connection check-in cannot be done: the page sends the officer to the paper roll.
    await a.context.setOffline(true);
    await expect(a.page.locator('.table-offline')).toBeVisible();
    await checkIn(a.page, 'CURP-0003');
    await expect(a.page.locator('.table-verdict')).toHaveText('Sin respuesta del servidor');
    await expect(a.page.locator('.table-verdict-box')).toContainText('Anota a la persona en el padrón de papel; se captura después');
    await expect(statusBar(a.page)).toHaveAttribute('data-online', 'false');
    await a.context.setOffline(false);
    await expect(a.page.locator('.table-offline')).toBeHidden();
    // Back online, the paper roll's person is entered from the roll: they had voted online, and the
    // paper replaces that vote.
    await a.page.getByLabel('Viene del padrón de papel').check();
    await checkIn(a.page, 'CURP-0003');
    await expect(a.page.locator('.table-verdict')).toHaveText('Registrada desde el padrón de papel');
    await expect(a.page.locator('.table-count')).toHaveText('3 personas registradas en esta mesa.');
    await a.page.getByLabel('Viene del padrón de papel').uncheck();

    // The table closes; the officers open the box: four ballots.
    await cabildo.setClock(afterClose);
    for (const x of [a, b]) {
      await x.page.reload();
      await expect(x.page.getByRole('heading', { level: 1 })).toHaveText('Mesa receptora: Escuela Benito Juárez');
      await expect(x.page.locator('.table-gate')).toBeHidden();
      await x.page.getByLabel('Boletas encontradas en la urna').fill('4');
    }
    await expect(a.page.locator('.table-counter')).toHaveText('0 boletas capturadas de 4 encontradas en la urna.');
    // After the hours only the paper roll is entered: someone on it who had voted is a duplicate.
    await expect(b.page.locator('.table-checkin .notice')).toHaveText('La mesa ya cerró: aquí solo se captura el padrón de papel.');
    await expect(b.page.getByLabel('Viene del padrón de papel')).toBeChecked();
    await checkIn(b.page, 'CURP-0001');
    await expect(b.page.locator('.table-verdict')).toHaveText('Duplicada: ya había votado');
    await expect(b.page.locator('.table-count')).toHaveText('3 personas registradas en esta mesa.');

    // Ana enters two ballots online, then loses the connection and enters two more.
    await enterChoices(a.page, [kino.title, madero.title], 1);
    await enterChoices(a.page, [kino.title], 2);
    await unsent(a.page, 0);
    await expect(a.page.locator('.table-counter')).toHaveText('2 boletas capturadas de 4 encontradas en la urna.');
    await a.context.setOffline(true);
    await enterBlank(a.page, 3);
    await enterNull(a.page, 4, 'ilegible');
    await unsent(a.page, 2);
    await expect(statusLine(a.page)).toHaveText('Sin conexión: 2 capturas sin enviar. Están guardadas en este dispositivo y se envían solas cuando vuelva la conexión.');
    await expect(a.page.locator('.table-counter')).toHaveText('4 boletas capturadas de 4 encontradas en la urna.');
    expect((await storedItems(a.page)).sort()).toEqual(['ballot 3', 'ballot 4']);
    await expectAccessible(a.page, 'the officer\'s page offline with entries unsent');
    await snap(a.page, 'table-offline');
    // Nothing of them reached the server.
    const before = expectStatus(await cabildo.call('GET', `${tableBase}/ballots`, { key: ana.key }), 200, 'the entries while Ana is offline');
    expect(before.ballots.map((x) => x.position)).toEqual([1, 2]);
    // The page is reloaded while its entries still cannot reach the server: the device kept them,
    // and the page goes on from the next position.
    const refuseEntries = (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue());
    await a.page.route('**/tables/*/ballots/*', refuseEntries);
    await a.context.setOffline(false);
    await a.page.reload();
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Mesa receptora: Escuela Benito Juárez');
    await unsent(a.page, 2);
    await expect(a.page.locator('.table-position')).toHaveText('Boleta número 5');
    await expect(a.page.locator('.table-counter')).toHaveText('4 boletas capturadas de 4 encontradas en la urna.');
    expect((await storedItems(a.page)).sort()).toEqual(['ballot 3', 'ballot 4']);
    // The connection returns (the browser's online event): both go out, once.
    await a.context.setOffline(true);
    await a.page.unroute('**/tables/*/ballots/*', refuseEntries);
    await a.context.setOffline(false);
    await unsent(a.page, 0);
    await expect(statusLine(a.page)).toHaveText('En línea. Todo lo capturado está enviado.');
    expect(await storedItems(a.page)).toEqual([]);

    // Beto enters the same box; his second ballot differs from Ana's.
    await enterChoices(b.page, [kino.title, madero.title], 1);
    await enterChoices(b.page, [madero.title], 2);
    await enterBlank(b.page, 3);
    await enterNull(b.page, 4, 'ilegible');
    await unsent(b.page, 0);

    // Through the API: four positions, each entered exactly twice, one mismatch.
    const entries = expectStatus(await cabildo.call('GET', `${tableBase}/ballots`, { key: ana.key }), 200, 'the entries');
    expect(entries.ballots.map((x) => [x.position, x.status, x.entries])).toEqual([
      [1, 'agreed', 2], [2, 'mismatch', 2], [3, 'agreed', 2], [4, 'agreed', 2]]);
    expect(entries.ballots.map((x) => x.mine)).toEqual([{ choices: [kino.id, madero.id] }, { choices: [kino.id] }, { blank: true },
      { null: 'illegible' }]);

    // Ana sees the mismatch with both marks, and enters it again from the paper.
    await a.page.locator('.table-mismatch-box').getByRole('button', { name: 'Actualizar' }).click();
    const mismatch = a.page.locator('.table-mismatch[data-position="2"]');
    await expect(mismatch.locator('.mine')).toHaveText(kino.title);
    await expect(mismatch.locator('.other')).toHaveText(madero.title);
    await expect(a.page.locator('.table-blockers')).toHaveText('La boleta 2 tiene una discrepancia por resolver.');
    await expectAccessible(a.page, 'a mismatch to resolve');
    await snap(a.page, 'table-mismatch');
    await mismatch.getByRole('button', { name: 'Capturar de nuevo la boleta 2' }).click();
    await expect(a.page.locator('.table-position')).toBeFocused();
    await expect(a.page.locator('.table-reentry')).toHaveText('Capturas de nuevo la boleta 2: tu captura anterior se reemplaza.');
    await enterChoices(a.page, [madero.title], 2);
    await expect(a.page.locator('.table-position')).toHaveText('Boleta número 5');
    await unsent(a.page, 0);
    await a.page.locator('.table-mismatch-box').getByRole('button', { name: 'Actualizar' }).click();
    await expect(a.page.locator('.table-mismatches')).toHaveText('Sin discrepancias.');
    await expect(a.page.locator('.table-summary')).toHaveText('4 boletas con captura: 4 de acuerdo, 0 con una sola captura, 0 con discrepancia.');
    const resolved = expectStatus(await cabildo.call('GET', `${tableBase}/ballots`, { key: beto.key }), 200, 'the entries after the re-entry');
    expect(resolved.ballots.map((x) => [x.position, x.status, x.entries])).toEqual([
      [1, 'agreed', 2], [2, 'agreed', 2], [3, 'agreed', 2], [4, 'agreed', 2]]);

    // The act: the photo's SHA-256 computed in the browser, never uploaded.
    const photo = Buffer.from('una foto del acta en papel, firmada por Ana y Beto');
    const sha = createHash('sha256').update(photo).digest('hex');
    await a.page.getByLabel('Foto o escaneo del acta en papel').setInputFiles({ name: 'acta.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect(a.page.getByLabel('Huella SHA-256 de la foto')).toHaveValue(sha);
    const uploads = [];
    a.page.on('request', (r) => { if ((r.postData() || '').includes('una foto del acta')) uploads.push(r.url()); });
    await a.page.getByRole('button', { name: 'Preparar el acta' }).click();
    const act = a.page.locator('.table-act');
    await expect(act).toHaveAttribute('data-closed', 'false', { timeout: sendDeadlineMs });
    await expect(act.locator('.table-figures')).toHaveText(['Personas registradas3', 'Boletas en la urna4',
      'Diferencia1 boleta más que personas registradas', 'Boletas válidas2', 'En blanco1', 'Nulas1 (ilegible: 1)'].join(''));
    await expect(act.locator('.table-votes li')).toHaveText([`${kino.title}: 1 voto`, `${madero.title}: 2 votos`, `${centro.title}: 0 votos`]);
    await expect(act.locator('.table-waiting')).toHaveText('Faltan las firmas de: Ana, Beto.');
    // The key this page derived from Ana's bearer key is the one the server published for her.
    await expect(a.page.locator('.table-key')).toHaveAttribute('data-signing-key', ana.signing_key);
    await expect(a.page.locator('.table-key')).toHaveText(`Tu llave de firma (Ana): ${ana.signing_key.slice(0, 12)}…`);
    await a.page.getByRole('button', { name: 'Firmar el acta' }).click();
    await expect(act.locator('.table-waiting')).toHaveText('Falta la firma de: Beto.', { timeout: sendDeadlineMs });
    await expect(act.locator('.table-signers')).toHaveText('Firmaron: Ana.');
    await expect(a.page.getByRole('button', { name: 'Firmar el acta' })).toBeHidden();
    await expectAccessible(a.page, 'the act signed by one officer');
    await snap(a.page, 'table-act');
    expect(uploads, 'the photo never leaves the device').toEqual([]);

    // Beto signs without a connection: the signature waits, then goes out and closes the act.
    await b.page.getByRole('button', { name: 'Actualizar el acta' }).click();
    await expect(b.page.locator('.table-key')).toHaveAttribute('data-signing-key', beto.signing_key);
    await expect(b.page.locator('.table-act .table-waiting')).toHaveText('Falta la firma de: Beto.');
    await b.context.setOffline(true);
    await b.page.getByRole('button', { name: 'Firmar el acta' }).click();
    await unsent(b.page, 1);
    await expect(statusLine(b.page)).toHaveText('Sin conexión: 1 captura sin enviar. Está guardada en este dispositivo y se envía sola cuando vuelva la conexión.');
    await b.context.setOffline(false);
    await unsent(b.page, 0);
    await expect(b.page.locator('.table-act')).toHaveAttribute('data-closed', 'true', { timeout: sendDeadlineMs });
    await expect(b.page.locator('.table-act-state')).toHaveText(/^Acta cerrada el 10 ene 2026, 2:00/);
    await expect(b.page.locator('.table-gate')).toHaveText('El acta de la mesa está cerrada: sus boletas ya no cambian.');
    await expect(b.page.getByRole('button', { name: 'Guardar la boleta 5' })).toBeDisabled();

    const closed = expectStatus(await cabildo.call('GET', `${tableBase}/act`, { key: ana.key }), 200, 'the act');
    expect(closed).toMatchObject({ closed: true, checked_in: 3, ballots_in_box: 4, valid: 2, blank: 1, null: { illegible: 1 },
      difference: 1, photo_sha256: sha, votes: { [kino.id]: 1, [madero.id]: 2 } });
    expect(closed.signatures.map((s) => s.officer).sort()).toEqual([ana.id, beto.id].sort());
    expect(expectStatus(await cabildo.call('GET', `${tableBase}/ballots`, { key: ana.key }), 200, 'the entries').closed).toBe(true);

    // Ana's page says so too, in English as well.
    await a.page.getByRole('button', { name: 'Actualizar el acta' }).click();
    await expect(a.page.locator('.table-act')).toHaveAttribute('data-closed', 'true');
    await expectAccessible(a.page, 'the closed act');
    await noUntranslated(a.page, expect);
    // Every control of the page is a big target, and nothing is wider than the phone.
    expect(await shortTargets(a.page.locator('#view button:visible, #view select:visible, #view .option-row:visible, '
      + '#view input:not([type="checkbox"]):not([type="radio"]):visible'))).toEqual([]);
    expect(await a.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await a.page.locator('#language').selectOption('en');
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Polling table: Escuela Benito Juárez');
    await expect(statusLine(a.page)).toHaveText('Online. Everything entered has been sent.');
    await expect(a.page.locator('.table-act-state')).toHaveText(/^Act closed at Jan 10, 2026/);
    await noUntranslated(a.page, expect);
    await a.page.locator('#language').selectOption('es-MX');

    // The results, by channel and district, with the reconciliation.
    await cabildo.setClock(afterVoting);
    expectStatus(await cabildo.call('POST', `${ch.base}/announcement`, { key }), 200, 'announce');
    const results = expectStatus(await cabildo.call('GET', `${ch.base}/results`), 200, 'the results');
    expect(results.channels).toMatchObject({ online: { ballots: 1 }, in_person: { ballots: 2, blank: 1, null: 1 } });
    await a.page.goto(`${cabildo.origin}/${m}/mesas/results`);
    const channels = a.page.locator('section.channels');
    await expect(channels.locator('[data-channel="online"]')).toHaveText('En línea: 1 boleta (33.3% de las contadas).');
    await expect(channels.locator('[data-channel="in_person"]')).toHaveText('En papel, en las mesas receptoras: 2 boletas válidas (66.7% de las contadas). '
      + 'Además, boletas de papel en blanco: 1; nulas: 1.');
    await expect(a.page.locator('table.by-channel tbody tr')).toHaveCount(3);
    await expect(a.page.locator(`table.by-channel tr[data-idea="${madero.id}"] td`)).toHaveText(['0', '2', '2']);
    await expect(a.page.locator('.district[data-district="Centro"] h3')).toHaveText('Distrito Centro: 2 boletas');
    const recon = a.page.locator('section.reconciliation');
    await expect(recon.locator('.recon-total strong')).toHaveText('1 de 1 mesa reportada.');
    await expect(recon.locator('.recon-complete')).toHaveText('Todas las mesas entregaron su acta.');
    await expect(recon.locator(`li[data-table="${table.id}"]`)).toContainText('3 personas registradas y 4 boletas en la urna: 1 boleta más que personas registradas.');
    await expect(recon.locator(`li[data-table="${table.id}"]`)).toContainText('1 voto en línea apartado porque la persona votó en papel.');
    await expect(recon.locator(`li[data-table="${table.id}"]`)).toContainText('1 persona no pudo votar en la mesa porque ya había votado.');
    await expect(recon.locator(`li[data-table="${table.id}"]`)).toContainText('1 persona anotada en un padrón de papel ya había votado (duplicada).');
    await expectAccessible(a.page, 'the results by channel');
    await noUntranslated(a.page, expect);
    await snap(a.page, 'results-channels');
  } finally {
    await a.context.close();
    await b.context.close();
  }
  expect(problems, 'console errors and failed requests').toEqual([]);
});

test('an organiser creates tables, one by one and by CSV, makes an officer\'s key and revokes it', { tag: '@desktop' }, async ({ page, cabildo }) => {
  const ch = await setUpChallenge(cabildo, 'mesas-org', { kind: 'approval', max_choices: 2 });
  await page.goto(`${cabildo.origin}/organiser`);
  await page.getByLabel('Clave', { exact: true }).fill(cabildo.organiserKey);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('link', { name: 'Reto mesas-org' }).click();
  await page.locator('.org-nav').getByRole('link', { name: 'Mesas receptoras' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mesas receptoras de «Reto mesas-org»');
  await expect(page.getByText('Este reto aún no tiene mesas receptoras.')).toBeVisible();
  await expectAccessible(page, 'the tables page, empty');

  // One table, in the municipality's wall clock (Hermosillo, UTC-7).
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Nueva mesa' }) });
  await form.getByLabel('Nombre de la mesa').fill('Mesa Centro');
  await form.getByLabel('Dirección').fill('Plaza Zaragoza s/n');
  await form.getByLabel('Distrito').fill('Centro');
  await form.getByLabel('Abre').fill('2026-01-20T08:00');
  await form.getByLabel('Cierra').fill('2026-01-20T17:00');
  await form.getByLabel('Observadores').fill('Lucía Robles, Observatorio Ciudadano');
  await form.getByRole('button', { name: 'Crear la mesa' }).click();
  await expect(form.getByRole('status')).toHaveText('Se creó la mesa Mesa Centro.');
  const card = page.locator('li.table-card', { hasText: 'Mesa Centro' });
  await expect(card).toContainText('Observan: Lucía Robles (Observatorio Ciudadano).');
  const listed = expectStatus(await cabildo.call('GET', `${ch.base}/tables`), 200, 'the tables');
  expect(listed.tables).toHaveLength(1);
  expect(listed.tables[0]).toMatchObject({ name: 'Mesa Centro', district: 'Centro', opens: '2026-01-20T15:00:00Z', closes: '2026-01-21T00:00:00Z' });

  // A CSV with a bad second row: refused naming the row, nothing stored.
  const csv = page.locator('form', { has: page.getByRole('heading', { name: 'Mesas desde un archivo CSV' }) });
  const rows = (second) => Buffer.from(['name,address,district,opens,closes',
    'Mesa Norte,Calle 1,Norte,2026-01-20T15:00:00Z,2026-01-21T00:00:00Z',
    `Mesa Sur,Calle 2,Sur,${second},2026-01-21T00:00:00Z`].join('\n'));
  await csv.getByLabel('Archivo CSV').setInputFiles({ name: 'mesas.csv', mimeType: 'text/csv', buffer: rows('mañana') });
  await csv.getByRole('button', { name: 'Subir las mesas' }).click();
  await expect(csv.locator('.field-error')).toHaveText(/^Fila 2 del archivo: escribe cuándo abre la mesa/);
  await expect(csv.getByLabel('Archivo CSV')).toHaveAttribute('aria-invalid', 'true');
  expect(expectStatus(await cabildo.call('GET', `${ch.base}/tables`), 200, 'the tables').tables).toHaveLength(1);
  await expectAccessible(page, 'a CSV row refused');
  await csv.getByLabel('Archivo CSV').setInputFiles({ name: 'mesas.csv', mimeType: 'text/csv', buffer: rows('2026-01-20T15:00:00Z') });
  await csv.getByRole('button', { name: 'Subir las mesas' }).click();
  await expect(csv.getByRole('status')).toHaveText('Se crearon 2 mesas.');
  await expect(page.locator('li.table-card')).toHaveCount(3);

  // An officer's key, shown once; it is an officer's of that table.
  await card.getByLabel('Nombre del funcionario').fill('Ana');
  await card.getByRole('button', { name: 'Crear la clave' }).click();
  const shown = page.locator('li.table-card', { hasText: 'Mesa Centro' }).locator('.table-new-key');
  await expect(shown).toContainText('Clave de Ana:');
  await expect(shown).toBeFocused();
  const officerKey = (await shown.locator('code').textContent()).trim();
  const who = expectStatus(await cabildo.call('GET', '/api/v1/whoami', { key: officerKey }), 200, 'the officer\'s whoami');
  expect(who).toMatchObject({ role: 'officer', municipality: m, challenge: 'mesas-org', table: listed.tables[0].id });
  await expectAccessible(page, 'an officer\'s key shown once');
  await snap(page, 'tables-organiser');
  // Revoked after a confirmation: the key no longer opens anything.
  await page.getByRole('button', { name: 'Revocar la clave de Ana' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Revocar la clave de Ana?' });
  await dialog.getByRole('button', { name: 'Revocar la clave' }).click();
  await expect(page.locator('li.table-card', { hasText: 'Mesa Centro' }).getByRole('status')).toHaveText('Se revocó la clave de Ana.');
  expect((await cabildo.call('GET', '/api/v1/whoami', { key: officerKey })).status).toBe(401);
  // The reconciliation names the tables not reported.
  await expect(page.locator('.recon-missing')).toContainText('Faltan las actas de las mesas');
  await expectAccessible(page, 'the tables page');
  await noUntranslated(page, expect);
});
