// A resident's first visit on a slow phone, measured in Debian's chromium (never fails on a figure):
// - the compressed bytes a first visit to a challenge page transfers (cold cache), and
// - the time from navigation to a ballot the resident can mark, under the network WebPageTest
//   calls "3G Slow" (400 kbit/s each way, 400 ms round trip; Chromium's own "Slow 3G" preset
//   is the same), and with the CPU slowed 4x, as a cheap phone is.
// It starts its own `cabildo serve --demo` on a free loopback port with a fresh database.
// Usage: node bench/web_first_visit.mjs [path/to/cabildo]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(process.argv[2] || path.join(repo, 'build/app/cabildo'));
const runs = Number(process.env.WEB_RUNS || 5);
const slow3g = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

async function startServer(dir, adminKey) {
  // The server on core 0 (WEB_SERVER_CORE; empty: not pinned), away from chromium and this script,
  // which run.sh puts on core 1: the browser's 4x slower CPU is not the server's.
  const core = process.env.WEB_SERVER_CORE ?? '0';
  const command = core === '' ? [bin] : ['taskset', '-c', core, bin];
  const child = spawn(command[0], [...command.slice(1), 'serve', '--demo', '--address', '127.0.0.1', '--port', '0', '--db', path.join(dir, 'b.db'),
    '--frontend', path.join(repo, 'frontend/dist')], {
    env: { ...process.env, CABILDO_ADMIN_KEY: adminKey, CABILDO_HMAC_SECRET: randomBytes(32).toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 20 s')), 20_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const found = /cabildo listening on (http:\/\/\S+:\d+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { child, origin };
}

async function api(origin, method, target, body, key) {
  const res = await fetch(origin + target, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`${method} ${target}: ${res.status} ${await res.text()}`);
  return res.json();
}

// The demo's first challenge whose voting is open, and a card for it.
async function votingChallenge(origin, adminKey) {
  const { municipalities } = await api(origin, 'GET', '/api/v1/municipalities');
  for (const m of municipalities) {
    const { challenges } = await api(origin, 'GET', `/api/v1/municipalities/${m.slug}/challenges`);
    const c = challenges.find((x) => x.open_phases.includes('voting'));
    if (!c) continue;
    const { key } = await api(origin, 'POST', `/api/v1/municipalities/${m.slug}/keys`, {}, adminKey);
    const cards = await api(origin, 'POST', `/api/v1/municipalities/${m.slug}/challenges/${c.slug}/tokens`,
      { count: runs + 1 }, key);
    return { m: m.slug, c: c.slug, tokens: cards.tokens.map((t) => t.token) };
  }
  throw new Error('the demo has no challenge open for voting');
}

// One cold visit (a new browser context: no cache, no storage) with the network and CPU of a slow phone.
async function visit(browser, url, { token, target, until }) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  if (token) await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`cabildo.token.${target}`, token]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', slow3g);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  const started = Date.now();
  // WEB_TRACE=1 prints the waterfall: when each request started and ended, from navigation.
  const names = new Map();
  cdp.on('Network.requestWillBeSent', (e) => names.set(e.requestId, [e.request.url.replace(/^https?:\/\/[^/]+/, ''), Date.now() - started]));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (process.env.WEB_TRACE) {
      const [name, at] = names.get(e.requestId) || ['?', 0];
      console.log(`    ${String(at).padStart(5)} → ${String(Date.now() - started).padStart(5)} ms  ${e.encodedDataLength} B  ${name}`);
    }
  });
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator(until).first().waitFor({ state: 'visible', timeout: 60_000 });
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  await context.close();
  return { ms, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(path.join(tmpdir(), 'cabildo-webbench-'));
const adminKey = randomBytes(32).toString('base64');
const server = await startServer(dir, adminKey);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const { m, c, tokens } = await votingChallenge(server.origin, adminKey);
  const page = await visit(browser, `${server.origin}/${m}/${c}`, { until: '#view h1' });
  const ballots = [];
  for (let i = 0; i < runs; i += 1) {
    ballots.push(await visit(browser, `${server.origin}/${m}/${c}/vote`, {
      token: tokens[i], target: `${m}/${c}`, until: '#view form input:not([disabled])',
    }));
  }
  console.log(`web app (chromium, 360x740, ${runs} cold visits, 3G Slow: 400 kbit/s, 400 ms RTT; CPU 4x slower):`);
  console.log(`  first visit to a challenge page: ${(page.bytes / 1024).toFixed(1)} KiB transferred (compressed), ` +
    `${page.ms} ms to its heading (target < 150 KB)`);
  console.log(`  time to an interactive ballot: p50 ${median(ballots.map((b) => b.ms))} ms, max ` +
    `${Math.max(...ballots.map((b) => b.ms))} ms, ${(median(ballots.map((b) => b.bytes)) / 1024).toFixed(1)} KiB (target < 3 s)`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
