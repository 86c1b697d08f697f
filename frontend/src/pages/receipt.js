// The confirmation: the receipt's short code and its QR (the full receipt, to find the ballot in
// the open data later), the ballot as cast, and the way to change it while voting is open.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { getReceipt } from '../tokens.js';
import { loadChallenge, isOpen, backLink, noticeOf, shortCode, forgetSection } from './common.js';

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const [{ challenge }, { qrSvg }] = await Promise.all([loadChallenge(m, c), import('../qr.js')]);
  if (!ctx.current()) return;
  const kept = getReceipt(m, c);
  if (!kept) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('receipt.title')), noticeOf(ctx), h('p', {}, t('receipt.none')),
      forgetSection(m, c, challenge));
    return;
  }
  show(view, backLink(m, c, challenge),
    h('h1', {}, t('receipt.title')),
    noticeOf(ctx),
    h('p', { class: 'notice', role: 'status' }, t(kept.replaced ? 'receipt.replaced' : 'receipt.saved')),
    h('p', {}, t('receipt.code'), ' ', h('strong', { class: 'receipt-code' }, shortCode(kept.receipt))),
    qrSvg(kept.receipt, t('receipt.qr', { receipt: kept.receipt })),
    h('p', { class: 'muted receipt-full' }, t('receipt.full', { receipt: kept.receipt })),
    h('h2', {}, t('receipt.cast')),
    castList(kept),
    h('p', {}, h('strong', {}, t('receipt.last_counts'))),
    isOpen(challenge, 'voting') ? h('p', {}, h('a', { class: 'button', href: `/${m}/${c}/vote` }, t('receipt.change'))) : null,
    forgetSection(m, c, challenge));
}

function castList(kept) {
  if (!kept.cast?.length) return h('p', { class: 'cast-empty' }, t('receipt.empty'));
  const Tag = kept.kind === 'ranking' ? 'ol' : 'ul';
  return h(Tag, { class: 'cast' }, kept.cast.map((x) => h('li', {}, x.title ?? `#${x.id}`,
    x.points !== undefined ? ` · ${t('receipt.points', { count: x.points })}` : null)));
}
