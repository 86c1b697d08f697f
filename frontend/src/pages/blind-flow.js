// The anonymous token, obtained by this page (RFC 9474 blind signature): blind a random message,
// post it as a request, show its code to read to the desk, poll until the desk signed, unblind.
// What finishing needs (the message and its blinding factor) lives only in this closure: never
// stored, so a reload or another tab starts over and nothing on the device links to the request.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { navigate } from '../router.js';
import { setNotice } from '../notice.js';
import { setToken } from '../tokens.js';
import { startBlindToken } from '../blind.js';
import { errorText, alertBox } from './common.js';

const pollMs = 2000;
const deadlineMs = 10 * 60 * 1000; // requests last 10 minutes on the server

export async function blindFlow(section, m, c) {
  const status = h('div', { 'aria-live': 'polite', class: 'blind-status' }, h('p', {}, t('blind.preparing')));
  section.replaceChildren(h('h2', { id: 'take-part' }, t('takepart.title')), status);
  try {
    const pending = await startBlindToken(await api('GET', challengePath(m, c, '/keys')));
    const request = await api('POST', challengePath(m, c, '/tokens/blind/requests'), { body: { blinded_msg: pending.blindedMsg } });
    waitForDesk(section, status, m, c, pending, request.code);
  } catch (e) {
    status.replaceChildren(alertBox(errorText(e)));
  }
}

function waitForDesk(section, status, m, c, pending, code) {
  let stopped = false;
  const started = performance.now();
  const stop = h('button', { type: 'button', class: 'secondary', onclick: () => { stopped = true; status.replaceChildren(h('p', {}, t('blind.stopped'))); } }, t('blind.stop'));
  status.replaceChildren(
    h('p', {}, t('blind.read_code')),
    h('p', { class: 'blind-code', 'data-code': code }, code),
    h('p', { class: 'muted' }, t('blind.memory_only')),
    h('p', { class: 'muted' }, t('blind.waiting')), stop);
  const poll = async () => {
    if (stopped || !section.isConnected) return; // the resident left or stopped: no more requests
    if (performance.now() - started > deadlineMs) return status.replaceChildren(alertBox(t('blind.expired')));
    try {
      const answer = await api('GET', challengePath(m, c, `/tokens/blind/requests/${code}`));
      if (answer.status === 'signed' && answer.blind_sig) return done(m, c, await pending.finish(answer.blind_sig));
    } catch (e) {
      return status.replaceChildren(alertBox(e.status === 404 ? t('blind.expired') : errorText(e)));
    }
    return setTimeout(poll, pollMs);
  };
  setTimeout(poll, pollMs);
}

function done(m, c, token) {
  setNotice(setToken(m, c, token) ? t('blind.done') : t('card.not_saved'));
  navigate(`/${m}/${c}/vote`);
}
