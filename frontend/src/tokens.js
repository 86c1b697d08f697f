// What a resident's device keeps, in localStorage, and nothing else (README, "What is stored"):
//
//   cabildo.token.{m}/{c}    the token of that challenge: every idea, ballot and answer needs it.
//   cabildo.receipt.{m}/{c}  the last ballot's receipt with the ballot as cast (its kind, the
//                            choices, ranking or points, and the titles chosen): the receipt page
//                            shows it, the challenge page says "Ya votaste" from it and the ballot
//                            starts from it when the vote is changed.
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
// Nothing of it is sent anywhere but in a ballot, an idea, an answer or the relay's own requests.
// "Olvidar este dispositivo" (forget) clears a challenge's four keys, or every challenge's.
const kinds = ['token', 'receipt', 'survey', 'blind'];
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

// False when the browser refuses storage: the card still works by scanning it again.
export function setToken(m, c, token) {
  return write(keyOf('token', m, c), token);
}

export function forgetToken(m, c) {
  remove(keyOf('token', m, c));
}

// The card a token belongs to, as a person can compare it with the card in their hand: today the
// last characters of the token ("…K3F9"); once the server gives each card a short code, that code.
export function cardLabel(token) {
  const tail = String(token || '').replace(/[^A-Za-z0-9]/g, '').slice(-4).toUpperCase();
  return `…\u2060${tail}`; // a word joiner: the line never breaks between the dots and the letters
}

// The last receipt per challenge, with the ballot as cast.
export function getReceipt(m, c) {
  return readJson(keyOf('receipt', m, c));
}

export function setReceipt(m, c, receipt) {
  write(keyOf('receipt', m, c), JSON.stringify(receipt)); // refused: shown once, not kept
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

// What this device keeps for a challenge: {token, receipt, survey, blind} as booleans.
export function keptFor(m, c) {
  return Object.fromEntries(kinds.map((k) => [k, read(keyOf(k, m, c)) !== null]));
}

// The challenges this device keeps anything for, as ['m/c', …].
export function keptChallenges() {
  const found = new Set();
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const hit = /^cabildo\.(token|receipt|survey|blind)\.(.+)$/.exec(localStorage.key(i) || '');
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

// A card's link, `/#/{m}/{c}?token=…` (the cards printed since the participants issue): the
// address becomes the challenge's page without the token, so a shared or bookmarked address does
// not carry it. The token is kept at once when the device has none for that challenge, or the same
// one; a different token is not: it waits, in memory only, for the resident to say on the
// challenge page whether it replaces theirs (offeredCard). Answers the page to open, or null.
let offered = null;

export function takeCardLink() {
  const match = /^#\/([a-z0-9-]{1,64})\/([a-z0-9-]{1,64})(?:\?(.*))?$/.exec(location.hash);
  if (!match) return null;
  const [, m, c, query] = match;
  const token = new URLSearchParams(query || '').get('token');
  history.replaceState(null, '', `/${m}/${c}`);
  if (!token) return { m, c, token: false, saved: false };
  const mine = getToken(m, c);
  if (mine && mine !== token) {
    offered = { m, c, token };
    return { m, c, token: true, saved: false, offered: true };
  }
  return { m, c, token: true, saved: mine === token || setToken(m, c, token), same: mine === token };
}

// The other card a link brought for this challenge, once: {token} or null.
export function offeredCard(m, c) {
  if (!offered || offered.m !== m || offered.c !== c) return null;
  const found = offered;
  offered = null;
  return found;
}
