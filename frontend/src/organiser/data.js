// What several organiser pages read: the municipality (for its time zone) and one challenge.
import { api, challengePath } from '../api.js';

export async function municipality(who) {
  return api('GET', `/municipalities/${encodeURIComponent(who.municipality)}`, { key: who.key });
}

export async function challenge(who, c) {
  const [mun, doc] = await Promise.all([municipality(who), api('GET', challengePath(who.municipality, c), { key: who.key })]);
  return { zone: mun.timezone, challenge: doc, municipality: mun };
}

export const path = (who, c, rest) => challengePath(who.municipality, c, rest);
