// "Verificar en el tablero público", on the receipt page: the ballot's tracker and its place on the
// challenge's bulletin board, as the device kept them when it voted, and a button that checks on
// the device (board.js) that the board holds it now: the latest signed tree head
// (`GET …/board/head`), the inclusion proof of the ballot's leaf at that head's size
// (`GET …/board/proof?leaf=&size=`), the head's signature by the board's key (`GET …/keys`), and
// where the ballot stands by its receipt (receipts.js). The answer in words: in the tree of N
// entries signed at a time, or which part of the check failed.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath, ApiError } from '../api.js';
import { refusalText } from '../refusal.js';
import { dateTime, number } from '../format.js';
import { boardReceipt } from '../tokens.js';
import { canCheck, checkBallot, headHolds } from '../board.js';
import { lookUpReceipt, statusView } from './receipts.js';

// The section for the receipt `kept` on this device, or null when it has no place on a board.
export function boardSection(m, c, kept, zone) {
  const board = boardReceipt(kept);
  if (!board) return null;
  const out = h('div', { class: 'board-out', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary board-verify' }, t('board.verify'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'muted' }, t('board.checking')));
    try {
      out.replaceChildren(...await verified(m, c, kept.receipt, board, zone));
    } catch {
      out.replaceChildren(failure('other', board));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card board-check', 'aria-labelledby': 'board-title' },
    h('h2', { id: 'board-title' }, t('board.title')),
    h('p', {}, t('board.lead')),
    h('p', { class: 'board-place' }, t('board.tracker'), ' ', h('code', { class: 'board-tracker' }, board.tracker.slice(0, 8)),
      ' · ', t('board.leaf', { leaf: board.leaf })),
    h('p', {}, button),
    out);
}

// What the check found, as the nodes to show.
async function verified(m, c, receipt, board, zone) {
  if (!canCheck()) return [failure('crypto', board)];
  const challenge = `${m}/${c}`;
  let head;
  let proof;
  let jwks;
  let standing;
  try {
    head = await api('GET', challengePath(m, c, '/board/head'));
    if (!headHolds(head, challenge, board.leaf)) return [failure('head', board)];
    [proof, jwks, standing] = await Promise.all([
      api('GET', challengePath(m, c, `/board/proof?leaf=${board.leaf}&size=${head.tree_size}`)),
      api('GET', challengePath(m, c, '/keys')),
      lookUpReceipt(m, c, 'ballot', receipt).catch(() => null), // said by the section above when refused
    ]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return [failure('fetch', board, { why: refusalText(e) })];
  }
  const report = await checkBallot({ challenge, ...board, head, proof, jwks });
  const said = report.failed ? failure(report.failed, board) : included(board, head, report.signature, zone);
  // Where it stands in a line: the section above says why.
  return [said, standing ? statusView('ballot', standing, { why: false }) : null];
}

function included(board, head, signature, zone) {
  return h('div', { class: 'notice board-result', 'data-result': 'included' },
    h('p', {}, h('strong', {}, t('board.included', { leaf: board.leaf, count: head.tree_size, size: number(head.tree_size),
      time: dateTime(new Date(head.timestamp).toISOString(), zone) }))),
    h('p', {}, t(`board.signature.${signature}`)));
}

function failure(part, board, vars = {}) {
  return h('div', { class: 'alert board-result', 'data-result': 'failed', 'data-part': part },
    h('p', {}, h('strong', {}, t('board.failed'))),
    h('p', {}, t(`board.failed.${part}`, { leaf: board.leaf, ...vars })));
}
