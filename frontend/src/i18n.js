// Every string the app shows comes from frontend/locales/: es-MX is bundled with the app (the
// default, so the first page needs no extra request), English is fetched when chosen. A message
// is a string with {name} placeholders, or an object of plural forms {one, other} chosen by
// Intl.PluralRules on the `count` variable. The choice is kept on the device.
import esMX from '../locales/es-MX.json';

const loaders = { 'es-MX': async () => esMX, en: async () => (await import('../locales/en.json')).default };
export const locales = ['es-MX', 'en'];
const storageKey = 'cabildo.locale';

let current = 'es-MX';
let messages = esMX;
// Message sets registered by a part of the app loaded later (the organiser's pages):
// {locale: async () => messages}.
const extra = [];
const extraMessages = new Map();

export function locale() {
  return current;
}

export function preferredLocale() {
  try {
    const saved = localStorage.getItem(storageKey);
    if (locales.includes(saved)) return saved;
  } catch {
    // storage refused (private browsing): Spanish
  }
  return 'es-MX';
}

export async function setLocale(next) {
  if (!locales.includes(next)) next = 'es-MX';
  const [base, ...more] = await Promise.all([loaders[next](), ...extra.map((loader) => loader[next]())]);
  current = next;
  messages = base;
  extraMessages.set(next, Object.assign({}, ...more));
  document.documentElement.lang = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // not kept: the next visit is in Spanish again
  }
}

export async function register(loaderByLocale) {
  extra.push(loaderByLocale);
  const loaded = await loaderByLocale[current]();
  extraMessages.set(current, { ...(extraMessages.get(current) || {}), ...loaded });
}

function lookup(key) {
  return extraMessages.get(current)?.[key] ?? messages[key] ?? esMX[key];
}

// t('ballot.counter', {count: 2, max: 3}) → "2 de 3 elegidas". A key with no message shows as
// the key itself, and the browser tests fail on it (they look for untranslated keys).
export function t(key, vars = {}) {
  let message = lookup(key);
  if (message === undefined) return key;
  if (typeof message === 'object') {
    const form = new Intl.PluralRules(current).select(Number(vars.count ?? 0));
    message = message[form] ?? message.other;
  }
  // A value that ends a sentence with its own period ("12:23 p.m.") takes the message's place:
  // never "p.m..".
  return message.replace(/\{(\w+)\}(\.?)/g, (whole, name, period) => {
    if (!(name in vars)) return whole;
    const value = String(vars[name]);
    return period && value.endsWith('.') ? value : value + period;
  });
}

export function has(key) {
  return lookup(key) !== undefined;
}
