// "Verificar en el tablero público", on the receipt page: the ballot's tracker and its place on the
// challenge's bulletin board, as the device kept them when it voted, and a button that checks on
// the device (board.js) that the board holds it now: the latest signed tree head
// (`GET …/board/head`), the inclusion proof of the ballot's leaf at that head's size
// (`GET …/board/proof?leaf=&size=`), the head's signature by the board's key (`GET …/keys`), that
// the board still extends the signed head the ballot landed in, which the device kept (its
// signature, and the consistency proof `GET …/board/consistency?first=&second=` from its size to
// today's), and where the ballot stands by its receipt (receipts.js). The answer in words: in the
// tree of N entries signed at a time, extending the tree it landed in, or which part of the check
// failed (a board that no longer extends it rewrote its history, and the page says so).
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
  const kept = board.head;
  let head;
  let proof;
  let consistency;
  let jwks;
  let standing;
  try {
    head = await api('GET', challengePath(m, c, '/board/head'));
    if (!headHolds(head, challenge, board.leaf)) return [failure('head', board)];
    // A consistency proof only from a kept head that can be this ballot's to a larger tree today:
    // checkBallot says what is wrong with any other.
    const grew = headHolds(kept, challenge, board.leaf) && kept.tree_size < head.tree_size;
    [proof, consistency, jwks, standing] = await Promise.all([
      api('GET', challengePath(m, c, `/board/proof?leaf=${board.leaf}&size=${head.tree_size}`)),
      grew ? api('GET', challengePath(m, c, `/board/consistency?first=${kept.tree_size}&second=${head.tree_size}`)) : null,
      api('GET', challengePath(m, c, '/keys')),
      lookUpReceipt(m, c, 'ballot', receipt).catch(() => null), // said by the section above when refused
    ]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return [failure('fetch', board, { why: refusalText(e) })];
  }
  const { entry, leaf, tracker } = board;
  const report = await checkBallot({ challenge, entry, leaf, tracker, keptHead: kept, head, proof, consistency, jwks });
  const said = report.failed ? failure(report.failed, board, {}, report) : included(board, kept, head, report, zone);
  // Where it stands in a line: the section above says why.
  return [said, standing ? statusView('ballot', standing, { why: false }) : null];
}

const signedAt = (head, zone) => dateTime(new Date(head.timestamp).toISOString(), zone);

function included(board, kept, head, report, zone) {
  let extended = null;
  if (report.extended) {
    extended = kept.tree_size === head.tree_size ? t('board.extended.same', { time: signedAt(kept, zone) })
      : t('board.extended', { count: kept.tree_size, size: number(kept.tree_size), time: signedAt(kept, zone) });
  }
  // Both heads' signatures when the device kept one, said together: one browser checks both.
  let signature = `board.signature.${report.signature}`;
  if (report.keptSignature) {
    signature = report.signature === 'valid' && report.keptSignature === 'valid' ? 'board.signatures.valid' : 'board.signatures.unsupported';
  }
  return h('div', { class: 'notice board-result', 'data-result': 'included' },
    h('p', {}, h('strong', {}, t('board.included', { leaf: board.leaf, count: head.tree_size, size: number(head.tree_size),
      time: signedAt(head, zone) }))),
    extended ? h('p', { class: 'board-extended' }, extended) : null,
    h('p', {}, t(signature)));
}

// The parts about the head the device kept fail the board's history, not the ballot's place in it.
const historyParts = ['kept', 'consistency'];

function failure(part, board, vars = {}, report = null) {
  // A history that fails while the kept head's signature went unchecked may be a head changed on
  // this device: said beside it, not hidden.
  const unsigned = part === 'consistency' && report?.keptSignature === 'unsupported';
  return h('div', { class: 'alert board-result', 'data-result': 'failed', 'data-part': part },
    h('p', {}, h('strong', {}, t(historyParts.includes(part) ? 'board.failed.history' : 'board.failed'))),
    h('p', {}, t(`board.failed.${part}`, { leaf: board.leaf, ...vars })),
    unsigned ? h('p', {}, t('board.failed.consistency_unsigned')) : null);
}
