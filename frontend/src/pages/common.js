// What the resident pages share: the challenge with its municipality (for the time zone), every
// visible idea, the page's heading block and the message for an API refusal.
import { h } from '../dom.js';
import { t, has } from '../i18n.js';
import { api, challengePath } from '../api.js';

// The challenge document (with the server's `now`) and the municipality it belongs to.
export async function loadChallenge(m, c) {
  const [challenge, municipality] = await Promise.all([
    api('GET', challengePath(m, c)),
    api('GET', `/municipalities/${encodeURIComponent(m)}`),
  ]);
  return { challenge, municipality, zone: municipality.timezone };
}

// Pages of 100 until next_after is null; a cap keeps a runaway answer from looping forever.
export async function loadIdeas(m, c) {
  const ideas = [];
  let after = null;
  for (let page = 0; page < 50; page += 1) {
    const query = after === null ? '?limit=100' : `?after=${encodeURIComponent(after)}&limit=100`;
    const answer = await api('GET', challengePath(m, c, `/ideas${query}`));
    ideas.push(...answer.ideas.filter((i) => i.status !== 'hidden'));
    if (answer.next_after === null || answer.next_after === undefined) break;
    after = answer.next_after;
  }
  return ideas;
}

export const isOpen = (challenge, phase) => (challenge.open_phases || []).includes(phase);
export const published = (challenge) => challenge.status === 'announced' || challenge.status === 'development';

// A refusal in the resident's words: known codes have their own message, others the server's.
export function errorText(e) {
  const key = `apierror.${e.code}`;
  return has(key) ? t(key) : t('apierror.other', { message: e.message });
}

export function alertBox(message) {
  return h('div', { class: 'alert', role: 'alert' }, h('p', {}, message));
}

export function backLink(m, c, challenge) {
  return h('p', { class: 'back' }, h('a', { href: `/${m}/${c}` }, t('nav.back_to', { title: challenge.title })));
}

export function noticeOf(ctx) {
  return ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null;
}
