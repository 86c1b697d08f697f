// The anonymous token, obtained by this page (RFC 9474 blind signature): blind a random message,
// post it as a request, show its code to read to the desk, poll until the desk signed, unblind.
// What finishing needs (the prepared message, the blinding inverse, the blinded message) and the
// request's code stay on this device (tokens.js, cabildo.blind.{m}/{c}) until the token exists,
// then are deleted: a reload, or a tab the phone discarded after the desk signed, resumes the
// request from the challenge page instead of losing the person's one voice (a second request for
// the same person would be refused). Nothing of it is sent but the blinded message and the code.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath, isNetworkFailure } from '../api.js';
import { navigate } from '../router.js';
import { setNotice } from '../notice.js';
import { setToken, setPendingBlind, forgetPendingBlind } from '../tokens.js';
import { startBlindToken } from '../blind.js';
import { relayStatus } from '../vocabulary.js';
import { errorText, alertBox } from './common.js';

const pollMs = 2000;
// A page stops asking after this long; an unsigned request expires on the server after 10 minutes,
// a signed one is kept 24 hours, and the request stays on the device: a reload asks again.
const pageDeadlineMs = 11 * 60 * 1000;

// `section` is the blind flow's own part of the challenge page's "Cómo participar" (its heading
// and the card's code field stay beside it).
function statusArea(section) {
  const status = h('div', { 'aria-live': 'polite', class: 'blind-status' }, h('p', {}, t('blind.preparing')));
  section.replaceChildren(status);
  return status;
}

export async function blindFlow(section, m, c) {
  const status = statusArea(section);
  try {
    const started = await startBlindToken(await api('GET', challengePath(m, c, '/keys')));
    const request = await api('POST', challengePath(m, c, '/tokens/blind/requests'), { body: { blinded_msg: started.blindedMsg } });
    setPendingBlind(m, c, { code: request.code, secret: request.secret, expires_at: request.expires_at, state: started.state });
    waitForDesk(section, status, m, c, started, request.code, { secret: request.secret });
  } catch (e) {
    status.replaceChildren(alertBox(errorText(e)));
  }
}

// The request this device keeps for the challenge, picked up again: the page polls it and finishes.
export async function resumeBlindFlow(section, m, c, pending) {
  const status = statusArea(section);
  try {
    const started = await startBlindToken(await api('GET', challengePath(m, c, '/keys')), { restore: pending.state });
    waitForDesk(section, status, m, c, started, pending.code, { resumed: true, secret: pending.secret });
  } catch (e) {
    status.replaceChildren(alertBox(errorText(e)));
  }
}

function restart(section, m, c) {
  return h('button', { type: 'button', onclick: () => blindFlow(section, m, c) }, t('blind.again'));
}

function waitForDesk(section, status, m, c, started, code, { resumed = false, secret } = {}) {
  let stopped = false;
  const began = performance.now();
  const stop = h('button', { type: 'button', class: 'secondary', onclick: () => {
    stopped = true;
    status.replaceChildren(h('p', {}, t('blind.stopped')),
      h('p', {}, h('button', { type: 'button', onclick: () => waitForDesk(section, status, m, c, started, code, { secret }) }, t('blind.resume'))));
  } }, t('blind.stop'));
  status.replaceChildren(
    resumed ? h('p', { class: 'notice' }, t('blind.resumed')) : null,
    h('p', {}, t('blind.read_code')),
    h('p', { class: 'blind-code', 'data-code': code }, code),
    h('p', { class: 'muted' }, t('blind.kept')),
    h('p', { class: 'muted' }, t('blind.waiting')), stop);
  const poll = async () => {
    if (stopped || !section.isConnected) return undefined; // the resident left or stopped: no more requests
    if (performance.now() - began > pageDeadlineMs) return status.replaceChildren(h('p', {}, t('blind.still_waiting')));
    try {
      const answer = await api('GET', challengePath(m, c, `/tokens/blind/requests/${encodeURIComponent(code)}`));
      if (answer.status === relayStatus.signed && answer.blind_sig) return done(m, c, code, secret, await started.finish(answer.blind_sig));
    } catch (e) {
      if (e.status === 404) {
        // Expired (unsigned after 10 minutes, or signed and never collected for a day): nothing
        // left to finish.
        forgetPendingBlind(m, c);
        return status.replaceChildren(alertBox(t('blind.expired')), h('p', {}, restart(section, m, c)));
      }
      if (isNetworkFailure(e)) return setTimeout(poll, pollMs * 2); // a phone between networks: ask again
      return status.replaceChildren(alertBox(errorText(e)));
    }
    return setTimeout(poll, pollMs);
  };
  // A resumed request is asked for at once: it may have been signed while the page was away.
  setTimeout(poll, resumed ? 0 : pollMs);
}

async function done(m, c, code, secret, token) {
  const saved = setToken(m, c, token);
  if (saved) {
    forgetPendingBlind(m, c);
    // Tells the server the token exists, so the relay may drop the signature at once instead of
    // keeping it collectable for a day; the request's secret, which only this page got, shows the
    // server it is this page asking. A server without the route (405) or that already dropped
    // the request (404) changes nothing.
    const query = secret ? `?secret=${encodeURIComponent(secret)}` : '';
    await api('DELETE', challengePath(m, c, `/tokens/blind/requests/${encodeURIComponent(code)}${query}`)).catch(() => {});
  }
  setNotice(saved ? t('blind.done') : t('card.not_saved'));
  navigate(`/${m}/${c}/vote`);
}

