// A participant's token stays on this device only (localStorage, one per challenge): it arrives
// in a card's link fragment, which the browser never sends, or from the blind flow.
const keyOf = (m, c) => `cabildo.token.${m}/${c}`;

export function getToken(m, c) {
  try {
    return localStorage.getItem(keyOf(m, c));
  } catch {
    return null;
  }
}

export function setToken(m, c, token) {
  try {
    localStorage.setItem(keyOf(m, c), token);
    return true;
  } catch {
    return false; // private browsing may refuse storage: the card still works by scanning it again
  }
}

export function forgetToken(m, c) {
  try {
    localStorage.removeItem(keyOf(m, c));
  } catch {
    // nothing kept
  }
}

// The last receipt per challenge, so the confirmation survives a reload.
export function getReceipt(m, c) {
  try {
    return JSON.parse(localStorage.getItem(`cabildo.receipt.${m}/${c}`) || 'null');
  } catch {
    return null;
  }
}

export function setReceipt(m, c, receipt) {
  try {
    localStorage.setItem(`cabildo.receipt.${m}/${c}`, JSON.stringify(receipt));
  } catch {
    // shown once, not kept
  }
}

// The last answers sent to a challenge's consultation, with their receipt, so the resident who
// comes back finds them to change (the server keeps only the latest per token, and never shows it).
export function getSurveyResponse(m, c) {
  try {
    return JSON.parse(localStorage.getItem(`cabildo.survey.${m}/${c}`) || 'null');
  } catch {
    return null;
  }
}

export function setSurveyResponse(m, c, response) {
  try {
    localStorage.setItem(`cabildo.survey.${m}/${c}`, JSON.stringify(response));
  } catch {
    // shown once, not kept
  }
}

// A card's link, `/#/{m}/{c}?token=…` (the cards printed since the participants issue): the
// token is kept and the address becomes the challenge's page, without the token, so a shared or
// bookmarked address does not carry it. Answers the page to open, or null.
export function takeCardLink() {
  const match = /^#\/([a-z0-9-]{1,64})\/([a-z0-9-]{1,64})(?:\?(.*))?$/.exec(location.hash);
  if (!match) return null;
  const [, m, c, query] = match;
  const token = new URLSearchParams(query || '').get('token');
  const saved = token ? setToken(m, c, token) : false;
  history.replaceState(null, '', `/${m}/${c}`);
  return { m, c, token: Boolean(token), saved };
}
