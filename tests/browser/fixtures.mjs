// The browser tests' fixture: the real `cabildo serve` on an ephemeral loopback port, a fresh
// database and a test clock, serving the built web app (frontend/dist/), set up through the HTTP API as an
// organiser would: Hermosillo, an organiser key, an anonymous ("blind") challenge whose upload and
// voting windows are open at the clock, and two ideas. Every wait has a deadline.
import { test as base, expect } from '@playwright/test';
import axeCore from 'axe-core';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { expect };

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.resolve(repo, process.env.CABILDO_BIN || 'build/app/cabildo');
// The built web app (`make web`); CABILDO_FRONTEND names another build of it.
const frontend = path.resolve(repo, process.env.CABILDO_FRONTEND || 'frontend/dist');

export const clockStart = '2026-01-10T12:00:00Z';
export const afterVoting = '2026-01-26T00:00:00Z';
export const m = 'hermosillo';
export const c = 'presupuesto-2026';
export const base_path = `/api/v1/municipalities/${m}/challenges/${c}`;

const startDeadlineMs = 20_000;
const stopDeadlineMs = 10_000;
const requestDeadlineMs = 15_000;

// What `openssl rand -base64 32` prints: base64 of 32 random bytes.
const secret = () => randomBytes(32).toString('base64');

export function blindChallenge() {
  return {
    slug: c,
    title: 'Presupuesto participativo 2026',
    description: 'Ideas para el presupuesto participativo de la ciudad',
    categories: ['movilidad', 'parques'],
    timeline: {
      submission: { opens: '2026-01-01T06:00:00Z', closes: '2026-01-20T06:00:00Z' },
      voting: { opens: '2026-01-01T06:00:00Z', closes: '2026-01-25T06:00:00Z' },
      announcement: '2026-02-01T18:00:00Z',
    },
    ballot: { kind: 'approval', max_choices: 2 },
    winners: 1,
    tie_break_seed: 'browser-2026',
    anonymity: 'blind',
  };
}

// Starts the server and resolves once it printed its listening line, or rejects at the deadline.
async function startServer(dir, env) {
  const child = spawn(
    bin,
    ['serve', '--address', '127.0.0.1', '--port', '0', '--db', path.join(dir, 'c.db'),
      '--frontend', frontend, '--test-clock', clockStart],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const origin = await new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no listening line within ${startDeadlineMs} ms`), startDeadlineMs);
    child.on('error', (e) => fail(`cannot start ${bin}: ${e.message}`));
    child.on('exit', (code, signal) => fail(`the server exited (${code ?? signal}) before listening`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      stdout += d;
      const found = /^cabildo listening on (http:\/\/\S+:\d+)$/m.exec(stdout);
      if (found) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(found[1]);
      }
    });
  });
  let exit = null;
  child.on('exit', (code, signal) => {
    exit = signal ? `killed by ${signal}` : `exit status ${code}`;
  });
  // What the server printed on stderr, and how it ended if it did (a crash mid-test shows here).
  return { child, origin, log: () => (exit ? `${stderr}\n[cabildo ended: ${exit}]\n` : stderr) };
}

// SIGTERM, then SIGKILL if it has not exited by the deadline.
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopDeadlineMs);
  await exited;
  clearTimeout(timer);
}

// One JSON request with a deadline; answers {status, body} (body parsed when it is JSON).
export async function call(origin, method, target, { body, key } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${String(key).split('.')[0]}`; // an officer's: the bearer part
  const res = await fetch(origin + target, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(requestDeadlineMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (the cards' HTML): keep the text
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

// Fails with the answer in the message, so a refused setup step says why.
export function expectStatus(reply, status, what) {
  expect(reply.status, `${what}: ${reply.text}`).toBe(status);
  return reply.body;
}

// axe-core on the page as it is now (after an interaction too): no serious or critical violation
// of WCAG 2.1 A and AA. The message lists each violation with the elements it found.
//
// axe-core itself, injected once per document (the app is one document, so a test injects it once
// and every later check runs at once) and run on the whole page. @axe-core/playwright's AxeBuilder
// injected its 580 kB again before every check and finished each run in a new page: three times
// the time, a third of the suite's.
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export async function expectAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeCore.source);
  const { violations } = await page.evaluate((tags) => window.axe.run(document,
    { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), wcag21aa);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${what}`).toEqual([]);
}

// With CABILDO_SCREENSHOTS set (`make screenshots`), saves the page as
// docs/screenshots/<name>-<project>.png (project: desktop or phone, playwright.config.mjs).
export async function snap(page, name) {
  const dir = process.env.CABILDO_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}-${base.info().project.name}.png`), fullPage: true });
}

// A key the page shows untranslated (i18n.js shows a missing message as its key, `ballot.counter`).
export async function expectNoUntranslated(page) {
  // Codes shown as codes (<code>, a token) are not messages; "a.m." is Spanish for AM.
  const text = await page.locator('#app').evaluate((app) => {
    const copy = app.cloneNode(true);
    for (const node of copy.querySelectorAll('code, .token-text')) node.remove();
    return copy.textContent;
  });
  const keys = text.match(/\b[a-z]+(?:\.[a-z_-]+){1,3}\b/g) ?? [];
  expect(keys.filter((w) => !/\.(mx|com|org|json|js|csv|pb|soi)$/.test(w) && !/^[ap]\.m$/.test(w)),
    'untranslated message keys').toEqual([]);
}

export const test = base.extend({
  // Every page fails its test on a console error, an uncaught exception or a failed request:
  // the app must not break quietly.
  page: async ({ page }, use) => {
    const problems = [];
    // A refusal of the API (a 4xx the app shows beside a field) is the app working: chromium
    // still logs it as "Failed to load resource", so those, and only for /api/v1/, are let pass.
    // Anything else the server refuses (a missing script, a 5xx) fails the test.
    const refusedByApi = (msg) => /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) &&
      new URL(msg.location().url || 'about:blank', 'http://x').pathname.startsWith('/api/v1/');
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !refusedByApi(msg)) problems.push(`console: ${msg.text()} (at ${msg.location().url}:${msg.location().lineNumber}; page ${page.url()})`);
    });
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (res.status() >= 500 || (res.status() >= 400 && !url.pathname.startsWith('/api/v1/')))
        problems.push(`answered ${res.status()}: ${res.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A navigation away aborts what the last page still loaded; that is not a failure.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    await use(page);
    expect(problems, 'console errors and failed requests').toEqual([]);
  },

  // A running server on a fresh database, nothing set up: {origin, adminKey, call}.
  server: async ({}, use, testInfo) => {
    const bundle = path.join(frontend, 'index.html');
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`make web\` (or \`make test\`)`);
    const dir = mkdtempSync(path.join(tmpdir(), 'cabildo-browser-'));
    const adminKey = secret();
    const server = await startServer(dir, { CABILDO_ADMIN_KEY: adminKey, CABILDO_HMAC_SECRET: secret() });
    try {
      const { origin } = server;
      await use({ origin, adminKey, call: (method, target, options) => call(origin, method, target, options) });
    } finally {
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('cabildo.stderr', { body: server.log(), contentType: 'text/plain' });
      await stopServer(server.child);
      rmSync(dir, { recursive: true, force: true });
    }
  },

  // The server set up: {origin, adminKey, organiserKey, ideas:[id1,id2], call, setClock}.
  cabildo: async ({ server }, use) => {
    const { origin, adminKey, call: api } = server;
    expectStatus(
      await api('POST', '/api/v1/municipalities', {
        key: adminKey,
        body: { slug: m, name: 'Hermosillo', state: 'Sonora', timezone: 'America/Hermosillo' },
      }),
      201, 'create the municipality');
    const organiserKey = expectStatus(
      await api('POST', `/api/v1/municipalities/${m}/keys`, { key: adminKey, body: {} }), 201, 'organiser key').key;
    expectStatus(
      await api('POST', `/api/v1/municipalities/${m}/challenges`, { key: organiserKey, body: blindChallenge() }),
      201, 'create the blind challenge');
    const ideas = [];
    for (const title of ['Ciclovía en el bulevar Kino', 'Sombra en el parque Madero']) {
      const card = expectStatus(
        await api('POST', `${base_path}/tokens`, { key: organiserKey, body: { count: 1 } }), 201, 'a bulk token');
      const idea = expectStatus(
        await api('POST', `${base_path}/ideas`, {
          body: { token: card.tokens[0].token, title, description: 'Una propuesta', category: 'movilidad' },
        }),
        201, `post the idea ${title}`);
      ideas.push(idea.id);
    }
    const setClock = async (now) =>
      expectStatus(await api('POST', '/api/v1/test/clock', { key: adminKey, body: { now } }), 200, `clock to ${now}`);
    await use({ origin, adminKey, organiserKey, ideas, call: api, setClock });
  },
});
