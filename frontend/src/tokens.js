// What a resident's device keeps, in localStorage, and nothing else (README, "What is stored"):
//
//   cabildo.token.{m}/{c}    the token of that challenge: every idea, ballot and answer needs it.
//   cabildo.code.{m}/{c}     the card's short code (ABCD-EFGH-JKMN) beside its token, when the
//                            token came from it (a code typed on the challenge page, or a card's
//                            `?code=` link): the page names the card by it, as the card prints it.
//                            Written and forgotten with the token; a token from an old `?token=`
//                            link or from the blind flow has none.
//   cabildo.receipt.{m}/{c}  the last ballot's receipt with the ballot as cast (its kind, the
//                            choices, ranking or points, and the titles chosen): the receipt page
//                            shows it, the challenge page says "Ya votaste" from it and the ballot
//                            starts from it when the vote is changed. Beside them, the ballot's
//                            place on the public bulletin board as the server answered it: its
//                            `leaf` index, its `entry`, the `tracker` (SHA-256 of the entry) and
//                            the signed `head` it landed in, so the receipt page can check on the
//                            device that the board still holds it (absent for a challenge made
//                            before boards).
//   cabildo.survey.{m}/{c}   the last consultation answers sent and their receipt, so they can be
//                            changed (a new response replaces the old one whole). Choices only:
//                            free-text answers are NOT kept. They are the answers most likely to
//                            hold personal words, and a shared phone or a kiosk would show them to
//                            the next person; the cost is that a resident changing their answers
//                            writes their text again (the page says so beside each text question).
//   cabildo.blind.{m}/{c}    only while an anonymous token is being obtained: the relay request's
//                            code and what finishing needs (prepared message, blinding inverse,
//                            blinded message), so a reload or a discarded tab after the desk signed
//                            does not lose the person's one voice; deleted once the token exists.
//   cabildo.locale           the language chosen (i18n.js).
//
// Nothing of it is sent anywhere but in a ballot, an idea, an answer or the relay's own requests
// (and a card's code once, to `POST …/tokens/code`, which answers its token).
// "Olvidar este dispositivo" (forget) clears a challenge's five keys, or every challenge's.
import { api, challengePath } from './api.js';

const kinds = ['token', 'code', 'receipt', 'survey', 'blind'];
const keyOf = (kind, m, c) => `cabildo.${kind}.${m}/${c}`;

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage refused (private browsing): nothing kept
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function remove(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}

const readJson = (key) => {
  try {
    return JSON.parse(read(key) || 'null');
  } catch {
    return null;
  }
};

export function getToken(m, c) {
  return read(keyOf('token', m, c));
}

// The card's short code kept with the token, or null.
export function getCode(m, c) {
  return read(keyOf('code', m, c));
}

// False when the browser refuses storage: the card still works by scanning it again. The code, when
// known, goes with it; a token without one leaves no other card's code behind.
export function setToken(m, c, token, code = null) {
  const saved = write(keyOf('token', m, c), token);
  if (saved && code) write(keyOf('code', m, c), code);
  else remove(keyOf('code', m, c));
  return saved;
}

export function forgetToken(m, c) {
  remove(keyOf('token', m, c));
  remove(keyOf('code', m, c));
}

// The card a token belongs to, as a person can compare it with the card in their hand: its short
// code as printed ("ABCD-EFGH-JKMN") when the device knows it (the token came from the code);
// otherwise, for a token from an old `?token=` link or the blind flow, the token's last
// characters ("…K3F9").
export function cardLabel(token, code = null) {
  if (code) return code;
  const tail = String(token || '').replace(/[^A-Za-z0-9]/g, '').slice(-4).toUpperCase();
  return `…\u2060${tail}`; // a word joiner: the line never breaks between the dots and the letters
}

// A card's short code as a person may type it, the way the server reads it (Crockford's base32:
// any case, dashes and spaces optional, I and L read as 1, O as 0), grouped as printed:
// 'abcd efgh-jkmn' → 'ABCD-EFGH-JKMN'. Null unless it makes the code's 12 characters.
export function cardCode(typed) {
  const plain = String(typed || '').toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return plain.replace(/(.{4})(?=.)/g, '$1-');
}

// The token a card's code stands for (`POST …/tokens/code`): {token, code}, or an ApiError (404
// `code` for an unknown code, 401 token_revoked, 429 after too many wrong codes).
export async function redeemCode(m, c, code) {
  const { token } = await api('POST', challengePath(m, c, '/tokens/code'), { body: { code } });
  return { token, code };
}

// The last receipt per challenge, with the ballot as cast.
export function getReceipt(m, c) {
  return readJson(keyOf('receipt', m, c));
}

export function setReceipt(m, c, receipt) {
  write(keyOf('receipt', m, c), JSON.stringify(receipt)); // refused: shown once, not kept
}

// The board part of a kept receipt: {leaf, entry, tracker, head}, or null when it has none (a
// challenge made before boards, a receipt kept by an older version of the app).
export function boardReceipt(kept) {
  if (!kept || !Number.isSafeInteger(kept.leaf) || kept.leaf < 0 || !kept.entry || typeof kept.entry !== 'object'
    || typeof kept.tracker !== 'string') return null;
  return { leaf: kept.leaf, entry: kept.entry, tracker: kept.tracker, head: kept.head ?? null };
}

// The last answers sent to a challenge's consultation, with their receipt; free text left out
// (see above), also from what an older version of the app kept.
const withoutText = (response) => {
  if (!response || typeof response !== 'object') return null;
  return { ...response, answers: Object.fromEntries(Object.entries(response.answers || {}).filter(([, v]) => typeof v !== 'string')) };
};

export function getSurveyResponse(m, c) {
  const key = keyOf('survey', m, c);
  const kept = readJson(key);
  const clean = withoutText(kept);
  if (kept && Object.values(kept.answers || {}).some((v) => typeof v === 'string')) write(key, JSON.stringify(clean));
  return clean;
}

export function setSurveyResponse(m, c, response) {
  write(keyOf('survey', m, c), JSON.stringify(withoutText(response)));
}

// An anonymous token on its way (pages/blind-flow.js): {code, state, expires_at}.
export function getPendingBlind(m, c) {
  return readJson(keyOf('blind', m, c));
}

export function setPendingBlind(m, c, pending) {
  return write(keyOf('blind', m, c), JSON.stringify(pending));
}

export function forgetPendingBlind(m, c) {
  remove(keyOf('blind', m, c));
}

// What this device keeps for a challenge: {token, code, receipt, survey, blind} as booleans.
export function keptFor(m, c) {
  return Object.fromEntries(kinds.map((k) => [k, read(keyOf(k, m, c)) !== null]));
}

// The challenges this device keeps anything for, as ['m/c', …].
export function keptChallenges() {
  const found = new Set();
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const hit = /^cabildo\.(token|code|receipt|survey|blind)\.(.+)$/.exec(localStorage.key(i) || '');
      if (hit) found.add(hit[2]);
    }
  } catch {
    // nothing readable, nothing kept
  }
  return [...found];
}

// "Olvidar este dispositivo": a challenge's token, receipt, answers and pending request, or with
// `all` every challenge's. The language stays: it says nothing about the person.
export function forgetDevice(m, c, { all = false } = {}) {
  const targets = all ? keptChallenges() : [`${m}/${c}`];
  for (const mc of targets) for (const k of kinds) remove(`cabildo.${k}.${mc}`);
}

// A card's link: `/#/{m}/{c}?code=ABCD-EFGH-JKMN` (the cards printed since issue 18: the QR code
// carries the short code, never the token) or `/#/{m}/{c}?token=…` (older cards). The address
// becomes the challenge's page without either at once, so a shared or bookmarked address does not
// carry it. Answers {m, c, token?, code?} for cardFromLink, or null.
export function takeCardLink() {
  const match = /^#\/([a-z0-9-]{1,64})\/([a-z0-9-]{1,64})(?:\?(.*))?$/.exec(location.hash);
  if (!match) return null;
  const [, m, c, query] = match;
  const params = new URLSearchParams(query || '');
  history.replaceState(null, '', `/${m}/${c}`);
  return { m, c, token: params.get('token'), code: params.get('code') };
}

// A card the device did not keep yet, in memory only: `offered`, another card than the one kept,
// waiting for the resident to say on the challenge page whether it replaces theirs (offeredCard);
// `refused`, a link's code the server refused, for the challenge page to show beside its field.
let offered = null;
let refused = null;

// Keeps the card a link brought (a code first turned into its token): at once when the device has
// no token for that challenge, or the same one; a different token waits (offeredCard). Answers
// {token, saved, same, offered} for the notice, or {refused: ApiError}.
export async function cardFromLink(link) {
  if (!link || (!link.token && !link.code)) return { token: false, saved: false };
  const { m, c } = link;
  let card = { token: link.token, code: null };
  if (!link.token) {
    try {
      card = await redeemCode(m, c, cardCode(link.code) || link.code);
    } catch (error) {
      refused = { m, c, code: link.code, error };
      return { token: false, saved: false, refused: error };
    }
  }
  const mine = getToken(m, c);
  if (mine && mine !== card.token) {
    offered = { m, c, ...card };
    return { token: true, saved: false, offered: true };
  }
  // The same card again keeps its code if the link brought none.
  const same = mine === card.token;
  const saved = setToken(m, c, card.token, card.code || (same ? getCode(m, c) : null));
  return { token: true, saved, same };
}

// The other card a link brought for this challenge, once: {token, code} or null.
export function offeredCard(m, c) {
  if (!offered || offered.m !== m || offered.c !== c) return null;
  const found = offered;
  offered = null;
  return found;
}

// The code a link brought that the server refused, once: {code, error} or null.
export function refusedCardCode(m, c) {
  if (!refused || refused.m !== m || refused.c !== c) return null;
  const found = refused;
  refused = null;
  return found;
}
