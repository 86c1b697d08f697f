// A batch's printable sheet inside the app. The sheet is organiser-only HTML, so it is fetched
// with the key, parsed inertly (DOMParser runs nothing) and its card nodes imported into a print
// view. Style attributes and <style>/<script> are dropped: the page's CSP forbids them, and
// organiser.css lays the cards out for paper instead, as the server's sheet does: ten 95 x 55 mm
// cards to an A4 page, each card's content inside its box. A card is the QR code of its `?code=`
// link, the text (municipality, challenge, closing time, the address to type it at) and the short
// code itself (`.code`), large along its bottom; no card carries its token any more.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';

async function fetchSheet(who, apiPath) {
  const res = await fetch(`/api/v1${apiPath}`, { headers: { Authorization: `Bearer ${who.key}`, Accept: 'text/html' },
    signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => null))?.error);
  return res.text();
}

function clean(node) {
  for (const bad of node.querySelectorAll('script, style, link, meta, title')) bad.remove();
  for (const el of [node, ...node.querySelectorAll('*')]) {
    el.removeAttribute('style');
    for (const a of [...el.attributes]) if (a.name.startsWith('on')) el.removeAttribute(a.name);
  }
  return node;
}

export async function printView(who, apiPath, label) {
  // The sheet's <style> goes before parsing: a parsed document inherits the page's policy, and
  // chromium reports a blocked style block as a console error even in an inert document.
  const html = (await fetchSheet(who, apiPath)).replace(/<style[\s\S]*?<\/style>/gi, '');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const sheet = h('div', { class: 'org-sheet' });
  for (const child of [...parsed.body.children]) sheet.append(clean(document.importNode(child, true)));
  const cardCount = sheet.querySelectorAll('article.card').length;
  return h('section', { class: 'org-print', 'aria-labelledby': 'print-title' },
    h('h2', { id: 'print-title', class: 'org-noprint' }, t('org.print.title', { label })),
    h('p', { class: 'org-noprint' }, t('org.print.lead', { count: cardCount }), ' ',
      h('button', { type: 'button', onclick: () => printOnly(sheet) }, t('org.print.button'))),
    sheet);
}

// Prints `node` alone (organiser.css, `body.print-one`): everything that neither holds it nor is
// inside it is left off the paper, until the browser says printing is over.
export function printOnly(node) {
  for (const old of document.querySelectorAll('.print-target')) old.classList.remove('print-target');
  document.body.classList.add('print-one');
  node.classList.add('print-target');
  const done = () => {
    document.body.classList.remove('print-one');
    node.classList.remove('print-target');
  };
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}
