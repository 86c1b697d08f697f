// The local action plan's report as people print it: the interim report of an exercise whose
// challenge was announced and has a commitment under way, opened in chromium on a desktop and a
// 360 px phone, accessible, fitting the screen, and printed to PDF with its print CSS; then the
// final report, issued and frozen, with what came after in its addendum, its dates in the zone's
// offset, and on the exercise's page its digest and the texts moderation withdrew since, in words.
import { test, expect, m, expectStatus, expectAccessible } from './fixtures.mjs';
import { setUpPlan, createCommitment, updateCommitment, duringDevelopment, expectFits } from './progress_setup.mjs';

const exercises = `/api/v1/municipalities/${m}/exercises`;

async function setUpExercise(cabildo) {
  const plan = await setUpPlan(cabildo, 'informe-2026');
  const made = await createCommitment(cabildo, plan);
  await cabildo.setClock(duringDevelopment);
  await updateCommitment(cabildo, plan, made.id, cabildo.organiserKey, { action: 'complete_milestone', milestone: 1 });
  const key = cabildo.organiserKey;
  expectStatus(await cabildo.call('POST', exercises, { key,
    body: { slug: 'apertura-2026', title: 'Ejercicio de apertura 2026', challenges: [plan.slug] } }), 201, 'exercise');
  expectStatus(await cabildo.call('PATCH', `${exercises}/apertura-2026`, { key, body: { steps: [
    { n: 1, status: 'done', date: '2026-01-05T18:00:00Z', document: { url: 'https://hermosillo.gob.mx/declaratoria.pdf' } },
    { n: 13, status: 'in_progress' }] } }), 200, 'steps');
  return { plan, made };
}

test('the interim report reads on screen and prints to PDF', async ({ page, cabildo }) => {
  await setUpExercise(cabildo);
  // A document named by a long address and a digest (issue 18: the report was 546 px wide on a
  // phone, its tables as wide as their longest word, and had no main landmark).
  expectStatus(await cabildo.call('PATCH', `${exercises}/apertura-2026`, { key: cabildo.organiserKey, body: { steps: [
    { n: 5, status: 'done', document: { url: `https://transparencia.hermosillo.gob.mx/${'consulta-ciudadana-'.repeat(5)}resultados.pdf`,
      sha256: 'ABCDEF0123456789'.repeat(4) } }] } }), 200, 'a long document address');
  await page.goto(`${cabildo.origin}${exercises}/apertura-2026/report?kind=interim`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Informe intermedio de cumplimiento del Plan de Acción');
  await expect(page.getByRole('cell', { name: /Firma de la Declaratoria de Gobierno Abierto/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'https://hermosillo.gob.mx/declaratoria.pdf' })).toBeVisible();
  await expect(page.getByText(/Avance general del plan: \d+ %/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ciclovía del bulevar Kino' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Compromisos y avances/ }).first()).toHaveAttribute('href', `/${m}/informe-2026/progress`);
  await expectAccessible(page, 'the interim report');
  await expect(page.getByRole('main')).toHaveCount(1);
  await expectFits(page);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
});

test('the final report stays as issued; later work is in its addendum', async ({ page, cabildo }) => {
  const { plan, made } = await setUpExercise(cabildo);
  const key = cabildo.organiserKey;
  expectStatus(await cabildo.call('POST', `${exercises}/apertura-2026/report`, { key, body: { kind: 'final' } }), 201, 'issue');
  await cabildo.setClock('2026-03-01T17:00:00Z');
  await updateCommitment(cabildo, plan, made.id, key, { action: 'note', note: 'Segundo tramo en obra' });
  // A winner hidden after issue (its title carried personal data, say): the report stops serving
  // the title, as a winner and as the commitment's idea, and keeps its digest.
  expectStatus(await cabildo.call('POST', `${plan.base}/ideas/${plan.winners[0]}/moderation`,
    { key, body: { action: 'hide', reason: 'Datos personales en el título' } }), 200, 'hide a winner');
  await page.goto(`${cabildo.origin}${exercises}/apertura-2026/report?kind=final`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Informe final de cumplimiento del Plan de Acción');
  // Its dates say the zone's offset, not its IANA name.
  await expect(page.getByText(/Emitido el \d.*\(hora local, UTC−7\)/)).toBeVisible();
  await expect(page.locator('body')).not.toContainText('America/');
  await expect(page.getByRole('heading', { name: 'Adenda' })).toBeVisible();
  await expect(page.getByText(/Segundo tramo en obra/)).toBeVisible();
  await expectAccessible(page, 'the final report');

  // The exercise's page shows the seal in words: the digest, and the texts withdrawn since.
  const report = expectStatus(await cabildo.call('GET', `${exercises}/apertura-2026/report?kind=final&format=json`), 200, 'the report');
  expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(report.withdrawn).toBe(2);
  await page.goto(`${cabildo.origin}/${m}/exercises/apertura-2026`);
  const reports = page.getByRole('region', { name: 'Informes' });
  await expect(reports.locator('code.report-digest')).toHaveText(report.digest);
  await expect(reports.locator('.report-withdrawn')).toHaveText(/^Después de emitirlo, la moderación retiró 2 textos/);
  await expect(page.locator('#view')).not.toContainText(/\[object Object\]|undefined/);
  await expectAccessible(page, 'the exercise page with its final report sealed');
  await expectFits(page);
});
