// What an in-person table's officer records (a paper ballot's entry, the act, the act's signature)
// is kept on the device first and sent from there: the outbox. Each item is stored (IndexedDB in
// the browser) before anything is sent, sent in the order it was recorded, and removed only once
// the server answered; a request that got no answer (no network, the deadline passed, the server
// busy) stays and is tried again when the connection returns (`online`) and on a timer. Items have
// a `key`: recording the same key again (the same ballot position re-entered) replaces the unsent
// one, so the device never holds two versions of one position. Because the server takes entries
// by position (PUT), sending an item twice (an answer lost on the way back) is never a second
// ballot. A refusal (a 4xx other than a busy server) is no reason to try again: the item leaves
// the outbox and the page is told, so the officer enters it anew.
//
// The storage is an interface, {all(), put(item), delete(id)}, each answering a promise:
// indexedDbStorage() in the browser, memoryStorage() where there is none (Node's tests, a browser
// that refuses IndexedDB). Items of every key holder live in one store, each marked with its
// `owner` (a digest of the officer's key, never the key); an outbox sends only its owner's.

const retryMsDefault = 5_000;
const retryMsMax = 30_000;

// The statuses of an answer worth trying again: the server was busy, overloaded or restarting.
const transientStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

// True for a failure that says nothing about the item itself: no answer (api.js's `network`
// code, status 0), or a server that could not take it now.
export function isTransient(error) {
  if (!error || typeof error !== 'object') return true;
  const status = Number(error.status ?? 0);
  return status === 0 || transientStatuses.has(status);
}

export function memoryStorage() {
  const items = new Map();
  const copy = (x) => JSON.parse(JSON.stringify(x));
  return {
    kind: 'memory',
    all: async () => [...items.values()].map(copy),
    put: async (item) => { items.set(item.id, copy(item)); },
    delete: async (id) => { items.delete(id); },
  };
}

// One object store keyed by `id`, in its own database. Each call is one transaction; the promise
// settles when the transaction completes, so an item reported stored is on the disk.
export function indexedDbStorage({ name = 'cabildo-outbox', store = 'items', idb = globalThis.indexedDB } = {}) {
  if (!idb) throw new Error('IndexedDB is not available');
  let opened = null;
  const database = () => {
    opened ??= new Promise((resolve, reject) => {
      const request = idb.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return opened;
  };
  const run = async (mode, work) => {
    const db = await database();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = work(tx.objectStore(store));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
    });
  };
  return {
    kind: 'indexeddb',
    all: () => run('readonly', (s) => s.getAll()),
    put: (item) => run('readwrite', (s) => s.put(item)).then(() => undefined),
    delete: (id) => run('readwrite', (s) => s.delete(id)).then(() => undefined),
  };
}

// IndexedDB when the browser has it and lets the page open it, else memory (the page then says
// that what is unsent is lost with the page).
export async function deviceStorage(options) {
  try {
    const storage = indexedDbStorage(options);
    await storage.all();
    return storage;
  } catch {
    return memoryStorage();
  }
}

// createOutbox({storage, owner, send, on}) → the outbox of one key holder.
// - send(item) answers the server's answer or throws an error with `status` (api.js's ApiError);
// - on.change(state), on.sent(item, answer), on.refused(item, error): what the page shows;
//   state = {unsent, waiting (the last try got no answer), sending};
// - timers: {setTimeout, clearTimeout} (the tests' own clock), retryMs: the first wait after a
//   failed try, doubled after each one up to half a minute, back to the first after a success.
export function createOutbox({ storage, owner, send, on = {}, timers = globalThis, retryMs = retryMsDefault }) {
  const items = new Map(); // id → item, this owner's only
  let seq = 0;
  let queue = Promise.resolve(); // storage operations, one after another
  let flushing = null;
  let again = false;
  let waiting = false;
  let timer = null;
  let wait = retryMs;
  let stopped = false;

  const serial = (work) => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  const state = () => ({ unsent: items.size, waiting, sending: Boolean(flushing) });
  const changed = () => on.change?.(state());
  const ordered = () => [...items.values()].sort((a, b) => a.seq - b.seq);

  const schedule = () => {
    if (stopped || timer !== null) return;
    timer = timers.setTimeout(() => {
      timer = null;
      flush();
    }, wait);
    wait = Math.min(wait * 2, retryMsMax);
  };
  const unschedule = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  // Removes the item unless it was replaced while it was being sent (a newer seq under its id).
  const settle = (item) => serial(async () => {
    if (items.get(item.id)?.seq !== item.seq) return false;
    await storage.delete(item.id);
    items.delete(item.id);
    return true;
  });

  async function flush() {
    if (stopped) return undefined;
    if (flushing) {
      again = true;
      return flushing;
    }
    unschedule();
    flushing = (async () => {
      do {
        again = false;
        for (let item = ordered()[0]; item && !stopped; item = ordered()[0]) {
          let answer;
          try {
            changed();
            answer = await send(item);
          } catch (error) {
            if (isTransient(error)) {
              waiting = true;
              schedule();
              return;
            }
            // Refused: it leaves the outbox (unless it was replaced meanwhile) and the page says why.
            if (await settle(item)) on.refused?.(item, error);
            continue;
          }
          waiting = false;
          wait = retryMs;
          if (await settle(item)) on.sent?.(item, answer);
        }
      } while (again && !stopped);
    })().catch(() => {
      // The storage failed to remove a sent item: it stays, and is sent again (harmlessly) later.
      schedule();
    }).finally(() => {
      flushing = null;
      changed();
    });
    return flushing;
  }

  return {
    // Loads what this owner left unsent (a reload, a closed tab) and sends it.
    async start() {
      const stored = await serial(() => storage.all());
      for (const item of stored.filter((x) => x.owner === owner)) {
        items.set(item.id, item);
        seq = Math.max(seq, item.seq);
      }
      changed();
      flush();
      return state();
    },
    // Stores the item ({key, method, path, body, what?}) and then tries to send it; answers once it
    // is stored, not once it is sent. The same key again replaces the unsent one and goes last,
    // after what was recorded before it, as it happened at the table.
    async add({ key, method, path, body, what = null }) {
      const item = { id: `${owner} ${key}`, owner, key, method, path, body, what, seq: 0, recorded_at: new Date().toISOString() };
      await serial(async () => {
        item.seq = ++seq;
        await storage.put(item);
        items.set(item.id, item);
      });
      changed();
      flush();
      return item;
    },
    flush,
    // The connection came back: try now, and start the waits over.
    retry() {
      wait = retryMs;
      return flush();
    },
    unsent: () => ordered().map((x) => ({ ...x })),
    state,
    stop() {
      stopped = true;
      unschedule();
    },
  };
}

// Tries the outbox again whenever the browser says it is back online; answers the function that
// stops listening.
export function retryWhenOnline(outbox, target = globalThis) {
  const online = () => outbox.retry();
  target.addEventListener('online', online);
  return () => target.removeEventListener('online', online);
}
