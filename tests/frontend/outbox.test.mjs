// frontend/src/outbox.js: what an officer records is stored before it is sent, sent in order,
// kept when no answer came (and tried again on a timer and when the connection returns), removed
// once the server answered, reported and dropped when the server refused it; the same key again
// replaces the unsent item, one sent while it was replaced is not lost; another outbox on the same
// storage (a reload) finds what was left; each key holder sends only its own. The storage is the
// in-memory one (Node has no IndexedDB); the clock is the test's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox, memoryStorage, isTransient, retryWhenOnline } from '../../frontend/src/outbox.js';

// A clock whose timers run only when told: {setTimeout, clearTimeout, pending(), fire()}.
function manualTimers() {
  const timers = new Map();
  let next = 0;
  return {
    setTimeout: (fn, ms) => { timers.set(++next, { fn, ms }); return next; },
    clearTimeout: (id) => { timers.delete(id); },
    pending: () => [...timers.values()].map((x) => x.ms),
    fire() {
      const all = [...timers.entries()];
      timers.clear();
      for (const [, x] of all) x.fn();
      return all.length;
    },
  };
}

// A server that records what reached it; `down` makes every request fail as a lost connection
// does (api.js's ApiError: status 0, code network); `refuse(item)` answers a refusal for an item.
function fakeServer() {
  const server = {
    down: false,
    received: [],
    refuse: () => null,
    gate: null, // a promise every send waits for, to hold a request in flight
    async send(item) {
      if (server.gate) await server.gate;
      if (server.down) throw Object.assign(new Error('Failed to fetch'), { status: 0, code: 'network' });
      const refusal = server.refuse(item);
      if (refusal) throw Object.assign(new Error(refusal.code), refusal);
      server.received.push({ path: item.path, body: item.body });
      return { position: item.what?.position ?? null, ok: true };
    },
  };
  return server;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
async function idle(outbox) {
  for (let i = 0; i < 20; i += 1) {
    await settle();
    await outbox.flush();
  }
}

const ballot = (position, body = { choices: [1] }) => ({ key: `ballot ${position}`, method: 'PUT', path: `/t/1/ballots/${position}`, body,
  what: { kind: 'ballot', position } });

function make(options = {}) {
  const server = options.server || fakeServer();
  const storage = options.storage || memoryStorage();
  const timers = options.timers || manualTimers();
  const events = { sent: [], refused: [], states: [] };
  const outbox = createOutbox({
    storage, owner: options.owner || 'officer-a', send: (item) => server.send(item), timers, retryMs: 1000,
    on: {
      change: (s) => events.states.push(s),
      sent: (item, answer) => events.sent.push([item.key, answer]),
      refused: (item, error) => events.refused.push([item.key, error.code]),
    },
  });
  return { server, storage, timers, events, outbox };
}

test('an item is stored before it is sent, then sent once and removed', async () => {
  const { server, storage, outbox, events } = make();
  server.gate = new Promise(() => {}); // nothing is answered yet
  await outbox.start();
  await outbox.add(ballot(1));
  const stored = await storage.all();
  assert.equal(stored.length, 1, 'on the device before any answer');
  assert.equal(stored[0].owner, 'officer-a');
  assert.deepEqual(stored[0].body, { choices: [1] });
  assert.equal(outbox.state().unsent, 1);

  const again = make({ storage });
  await again.outbox.start();
  await idle(again.outbox);
  assert.deepEqual(again.server.received.map((r) => r.path), ['/t/1/ballots/1']);
  assert.deepEqual(await storage.all(), []);
  assert.equal(again.outbox.state().unsent, 0);
  assert.deepEqual(again.events.sent.map(([key]) => key), ['ballot 1']);
  assert.equal(events.sent.length, 0);
  outbox.stop();
});

test('items go out in the order they were recorded', async () => {
  const { server, outbox } = make();
  await outbox.start();
  server.down = true;
  for (const p of [1, 2, 3]) await outbox.add(ballot(p));
  await outbox.add({ key: 'act', method: 'POST', path: '/t/1/act', body: { ballots_in_box: 3 }, what: { kind: 'act' } });
  server.down = false;
  await outbox.retry();
  await idle(outbox);
  assert.deepEqual(server.received.map((r) => r.path), ['/t/1/ballots/1', '/t/1/ballots/2', '/t/1/ballots/3', '/t/1/act']);
});

test('without a connection the items stay, the page is told, and a timer and the online event try again', async () => {
  const { server, outbox, timers, storage, events } = make();
  await outbox.start();
  server.down = true;
  await outbox.add(ballot(1));
  await outbox.add(ballot(2));
  await idle(outbox);
  assert.equal(server.received.length, 0);
  assert.equal(outbox.state().unsent, 2);
  assert.equal(outbox.state().waiting, true);
  assert.equal((await storage.all()).length, 2);
  assert.ok(events.states.at(-1).waiting);
  assert.equal(events.states.at(-1).unsent, 2);
  assert.ok(timers.pending().length === 1, 'one retry scheduled, not one per item');

  // Still down when the timer fires: the next wait is longer, still one timer.
  const first = timers.pending()[0];
  timers.fire();
  await idle(outbox);
  assert.equal(timers.pending().length, 1);
  assert.ok(timers.pending()[0] >= first);

  // The connection returns: the online event sends at once, without waiting for the timer.
  const window = new EventTarget();
  const stop = retryWhenOnline(outbox, window);
  server.down = false;
  window.dispatchEvent(new Event('online'));
  await idle(outbox);
  assert.deepEqual(server.received.map((r) => r.path), ['/t/1/ballots/1', '/t/1/ballots/2']);
  assert.equal(outbox.state().unsent, 0);
  assert.equal(outbox.state().waiting, false);
  assert.deepEqual(await storage.all(), []);
  assert.deepEqual(timers.pending(), [], 'no retry left once everything is sent');
  stop();
});

test('the timer alone sends what waited once the server answers again', async () => {
  const { server, outbox, timers } = make();
  await outbox.start();
  server.down = true;
  await outbox.add(ballot(1));
  await idle(outbox);
  server.down = false;
  assert.equal(timers.fire(), 1);
  await idle(outbox);
  assert.equal(server.received.length, 1);
  assert.equal(outbox.state().unsent, 0);
});

test('recording a position again replaces the unsent entry: one request, the last mark', async () => {
  const { server, outbox, storage } = make();
  await outbox.start();
  server.down = true;
  await outbox.add(ballot(1, { choices: [1] }));
  await outbox.add(ballot(2, { blank: true }));
  await outbox.add(ballot(1, { choices: [2] }));
  assert.equal(outbox.state().unsent, 2);
  assert.equal((await storage.all()).length, 2);
  server.down = false;
  await outbox.retry();
  await idle(outbox);
  // Position 1 went after position 2: it was recorded last.
  assert.deepEqual(server.received, [{ path: '/t/1/ballots/2', body: { blank: true } }, { path: '/t/1/ballots/1', body: { choices: [2] } }]);
});

test('an entry replaced while its first version is in flight is sent again, not dropped', async () => {
  const { server, outbox, storage } = make();
  let release;
  server.gate = new Promise((resolve) => { release = resolve; });
  await outbox.start();
  await outbox.add(ballot(1, { choices: [1] }));
  await settle();
  await outbox.add(ballot(1, { choices: [2] })); // while the first is on its way
  server.gate = null;
  release();
  await idle(outbox);
  assert.deepEqual(server.received.map((r) => r.body), [{ choices: [1] }, { choices: [2] }]);
  assert.deepEqual(await storage.all(), []);
});

test('a refusal removes the item and tells the page; the rest still goes out', async () => {
  const { server, outbox, events, timers } = make();
  server.refuse = (item) => (item.what?.position === 2 ? { status: 400, code: 'invalid_field', field: 'choices' } : null);
  await outbox.start();
  for (const p of [1, 2, 3]) await outbox.add(ballot(p));
  await idle(outbox);
  assert.deepEqual(server.received.map((r) => r.path), ['/t/1/ballots/1', '/t/1/ballots/3']);
  assert.deepEqual(events.refused, [['ballot 2', 'invalid_field']]);
  assert.equal(outbox.state().unsent, 0);
  assert.deepEqual(timers.pending(), [], 'a refusal is not tried again');
});

test('a busy server is tried again; a conflict is a refusal', async () => {
  assert.equal(isTransient({ status: 0, code: 'network' }), true);
  assert.equal(isTransient({ status: 503, code: 'busy' }), true);
  assert.equal(isTransient({ status: 429, code: 'rate_limited' }), true);
  assert.equal(isTransient({ status: 500 }), true);
  assert.equal(isTransient({ status: 409, code: 'act_closed' }), false);
  assert.equal(isTransient({ status: 400, code: 'invalid_field' }), false);
  assert.equal(isTransient({ status: 401 }), false);

  const { server, outbox, timers } = make();
  let busy = true;
  server.refuse = () => (busy ? { status: 503, code: 'busy' } : null);
  await outbox.start();
  await outbox.add(ballot(1));
  await idle(outbox);
  assert.equal(outbox.state().unsent, 1);
  busy = false;
  timers.fire();
  await idle(outbox);
  assert.equal(server.received.length, 1);
});

test('a reload finds what was left unsent, and each key holder sends only its own', async () => {
  const storage = memoryStorage();
  const a = make({ storage, owner: 'officer-a' });
  await a.outbox.start();
  a.server.down = true;
  await a.outbox.add(ballot(1));
  await a.outbox.add(ballot(2));
  a.outbox.stop();

  const b = make({ storage, owner: 'officer-b' });
  await b.outbox.start();
  await b.outbox.add(ballot(1, { blank: true }));
  await idle(b.outbox);
  assert.deepEqual(b.server.received, [{ path: '/t/1/ballots/1', body: { blank: true } }]);
  assert.equal(b.outbox.state().unsent, 0);
  assert.equal((await storage.all()).length, 2, 'officer a\'s items wait for officer a');

  const reloaded = make({ storage, owner: 'officer-a' });
  const state = await reloaded.outbox.start();
  assert.equal(state.unsent, 2);
  await idle(reloaded.outbox);
  assert.deepEqual(reloaded.server.received.map((r) => r.path), ['/t/1/ballots/1', '/t/1/ballots/2']);
  assert.deepEqual(await storage.all(), []);
  // A new item after the reload goes after those left before it.
  reloaded.server.down = true;
  const item = await reloaded.outbox.add(ballot(3));
  assert.ok(item.seq > 2);
});

test('a stopped outbox sends nothing more and leaves its items stored', async () => {
  const { server, outbox, storage, timers } = make();
  await outbox.start();
  server.down = true;
  await outbox.add(ballot(1));
  await idle(outbox);
  outbox.stop();
  assert.deepEqual(timers.pending(), []);
  server.down = false;
  await outbox.flush();
  assert.equal(server.received.length, 0);
  assert.equal((await storage.all()).length, 1);
});
