// The organiser's key lives in sessionStorage: it leaves with the tab, never in localStorage.
import { api } from '../api.js';

const storageKey = 'cabildo.organiser.key';
let cached = null; // {key, role, municipality}

export function savedKey() {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

// Asks the server who the key is; keeps it only if the server knows it.
export async function logIn(key) {
  const who = await api('GET', '/whoami', { key });
  try {
    sessionStorage.setItem(storageKey, key);
  } catch {
    // not kept: this page still works until reload
  }
  cached = { key, ...who };
  return cached;
}

export async function current() {
  if (cached) return cached;
  const key = savedKey();
  if (!key) return null;
  try {
    return await logIn(key);
  } catch {
    logOut();
    return null;
  }
}

export function logOut() {
  cached = null;
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // nothing kept
  }
}
