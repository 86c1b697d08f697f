// The confirmation: the receipt's short code and its QR (the full receipt, to find the ballot in
// the open data later), where that ballot stands in words (recorded while the vote can change;
// once the results are out, whether it counts or a later one replaced it), its check on the public
// bulletin board (board-check.js), the ballot as cast, and the way to change it while voting is open.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { getReceipt } from '../tokens.js';
import { ballotKind, phase } from '../vocabulary.js';
import { loadChallenge, isOpen, backLink, noticeOf, shortCode, forgetSection } from './common.js';
import { boardSection } from './board-check.js';

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const kept = getReceipt(m, c);
  const [{ challenge, zone }, { qrSvg }, status] = await Promise.all([loadChallenge(m, c), import('../qr.js'),
    kept ? import('./receipts.js').then(({ keptStatus }) => keptStatus(m, c, 'ballot', kept.receipt)) : null]);
  if (!ctx.current()) return;
  if (!kept) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('receipt.title')), noticeOf(ctx), h('p', {}, t('receipt.none')),
      forgetSection(m, c, challenge));
    return;
  }
  show(view, backLink(m, c, challenge),
    h('h1', {}, t('receipt.title')),
    noticeOf(ctx),
    isOpen(challenge, phase.voting) ? h('p', { class: 'notice', role: 'status' }, t(kept.replaced ? 'receipt.replaced' : 'receipt.saved')) : null,
    h('p', {}, t('receipt.code'), ' ', h('strong', { class: 'receipt-code' }, shortCode(kept.receipt))),
    qrSvg(kept.receipt, t('receipt.qr', { receipt: kept.receipt })),
    // The receipt in an element of its own, so it is copied without its label.
    h('p', { class: 'muted receipt-full' }, t('receipt.full'), ' ', h('code', { class: 'receipt-value' }, kept.receipt)),
    h('section', { class: 'card receipt-check', 'aria-labelledby': 'receipt-status-title' },
      h('h2', { id: 'receipt-status-title' }, t('receipts.ballot.title')), status),
    boardSection(m, c, kept, zone),
    h('h2', {}, t('receipt.cast')),
    castList(kept),
    h('p', {}, h('strong', {}, t('receipt.last_counts'))),
    isOpen(challenge, phase.voting) ? h('p', {}, h('a', { class: 'button', href: `/${m}/${c}/vote` }, t('receipt.change'))) : null,
    forgetSection(m, c, challenge));
}

function castList(kept) {
  if (!kept.cast?.length) return h('p', { class: 'cast-empty' }, t('receipt.empty'));
  const Tag = kept.kind === ballotKind.ranking ? 'ol' : 'ul';
  return h(Tag, { class: 'cast' }, kept.cast.map((x) => h('li', {}, x.title ?? `#${x.id}`,
    x.points !== undefined ? ` · ${t('receipt.points', { count: x.points })}` : null)));
}
