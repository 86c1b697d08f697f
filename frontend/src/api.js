// The v1 API from the page: JSON in and out, every request with a deadline. A refusal throws an
// ApiError carrying the server's code and the field it names, so a form shows it beside that field.
import { reportFormat } from './vocabulary.js';

const deadlineMs = 15_000;

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'http_error';
    this.field = error?.field || null;
  }
}

// The code of a request that got no answer (the network failed or the deadline passed): the app's
// own, never the server's.
const networkCode = 'network';
export const isNetworkFailure = (e) => e.code === networkCode;

// GETs a page will make, started by the shell before the page's module has loaded: on a slow
// phone network that saves the round trips of fetching the module first. The first public GET of
// the same path takes the answer (or the refusal); later ones ask the server again.
const early = new Map();

export function prefetch(path) {
  if (early.has(path)) return;
  const answer = request('GET', path, {});
  answer.catch(() => {}); // a refusal is the page's to show, if it asks; never an unhandled rejection
  early.set(path, answer);
}

export async function api(method, path, options = {}) {
  if (method === 'GET' && !options.key && early.has(path)) {
    const answer = early.get(path);
    early.delete(path);
    return answer;
  }
  return request(method, path, options);
}

async function request(method, path, { body, key }) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // An officer's key is "<bearer>.<signing secret>": only the bearer part ever leaves the device.
  if (key) headers.Authorization = `Bearer ${String(key).split('.')[0]}`;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(deadlineMs),
    });
  } catch (e) {
    throw new ApiError(0, { code: networkCode, message: e.message });
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error);
  return data;
}

// The path of a challenge's API: challengePath('hermosillo', 'presupuesto', '/ideas').
export function challengePath(m, c, rest = '') {
  return `/municipalities/${encodeURIComponent(m)}/challenges/${encodeURIComponent(c)}${rest}`;
}

// The path of an exercise's API: exercisePath('hermosillo', 'apertura-2026', '/history').
export function exercisePath(m, e, rest = '') {
  return `/municipalities/${encodeURIComponent(m)}/exercises/${encodeURIComponent(e)}${rest}`;
}

// The server's printable page of an exercise's report (or, `json`, its data), as a link:
// `/api/v1/…/report?kind=interim`.
export function reportHref(m, e, kind, json = false) {
  return `/api/v1${exercisePath(m, e, `/report?kind=${kind}${json ? `&format=${reportFormat.json}` : ''}`)}`;
}

// Every item of a list the API gives a page at a time (`?after=&limit=`, `next_after` null on the
// last page): `field` names the list in each answer. At most `cap` pages, so a runaway answer
// cannot loop forever.
export async function allPages(path, field, { key, limit = 50, cap = 20 } = {}) {
  const items = [];
  const join = path.includes('?') ? '&' : '?';
  let after = null;
  for (let page = 0; page < cap; page += 1) {
    const answer = await api('GET', `${path}${join}limit=${limit}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`, { key });
    items.push(...(answer[field] || []));
    if (answer.next_after === null || answer.next_after === undefined) break;
    after = answer.next_after;
  }
  return items;
}
