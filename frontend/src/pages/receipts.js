// Where a ballot or a consultation response stands, by its receipt (`GET …/receipts/{receipt}`,
// `GET …/survey/receipts/{receipt}`), said in words. Until the count is public the server answers
// only `recorded`, on purpose: whether a ballot was replaced since is told to nobody while the vote
// can still change (a receipt shown under pressure tells nothing). Then a ballot is `counted`,
// `replaced` by a later one of the same card, or `revoked`; a response `counted` or `withdrawn`.
// Loaded by the receipt page, the results and the consultation's results, beside their own reads.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, challengePath } from '../api.js';
import { refusalText } from '../refusal.js';
import { ballotReceiptStatuses, receiptStatus, responseReceiptStatuses } from '../vocabulary.js';
import { fieldForm } from './common.js';

// What each lookup (`kind`: a ballot's or a consultation response's) may answer.
const statuses = { ballot: ballotReceiptStatuses, survey: responseReceiptStatuses };

const receiptPath = (m, c, kind, receipt) =>
  challengePath(m, c, `${kind === 'survey' ? '/survey' : ''}/receipts/${encodeURIComponent(receipt)}`);

// {receipt, final, status} from the server; an ApiError for a receipt it has no record of (404).
export function lookUpReceipt(m, c, kind, receipt) {
  return api('GET', receiptPath(m, c, kind, receipt));
}

// The status in words: what it means in a line, and (unless `why` is false, where the page says
// it already) why in another.
export function statusView(kind, answer, { why = true } = {}) {
  const status = statuses[kind].includes(answer.status) ? answer.status : receiptStatus.recorded;
  return h('div', { class: `receipt-status status-${status}`, 'data-status': status },
    h('p', {}, h('strong', {}, t(`receipts.${kind}.${status}`))),
    why ? h('p', { class: 'muted' }, t(`receipts.${kind}.${status}_why`)) : null);
}

// A refusal of a lookup in the person's words (404: no such receipt here).
function refusalOf(kind, e) {
  return e.status === 404 ? t(`receipts.${kind}.unknown`) : refusalText(e);
}

// The status of the receipt this device keeps, for the receipt page: said, or why it cannot be.
export async function keptStatus(m, c, kind, receipt) {
  try {
    return statusView(kind, await lookUpReceipt(m, c, kind, receipt));
  } catch (e) {
    return h('p', { class: 'alert receipt-status', role: 'alert' }, refusalOf(kind, e));
  }
}

// "¿Cuenta mi voto?": a field where a resident types or pastes the receipt (the whole one, not the
// short code the receipt page shows large), prefilled with the one this device keeps; the answer
// in words under it, a refusal beside the field.
export function lookupSection(m, c, kind, { kept = '' } = {}) {
  const id = `${kind}-receipt`;
  const { form } = fieldForm({
    id, label: t(`receipts.${kind}.label`), hint: t(`receipts.${kind}.hint`), button: t('receipts.look_up'),
    value: kept, className: 'receipt-lookup', input: { class: 'receipt-input', maxlength: 80 },
    refusal: (e) => refusalOf(kind, e),
    run: async (typed) => {
      // Pasted with its label ("Comprobante completo: …") or spaces, it is still the receipt.
      const receipt = typed.slice(typed.lastIndexOf(':') + 1).replace(/\s+/g, '');
      if (!receipt) throw { said: t('receipts.empty') };
      if (!/^[A-Za-z0-9_-]+$/.test(receipt) || receipt.length > 64) throw { said: t('receipts.malformed') };
      if (receipt.length <= 8) throw { said: t('receipts.short_code') };
      return statusView(kind, await lookUpReceipt(m, c, kind, receipt));
    },
  });
  return h('section', { class: 'card receipt-check', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, t(`receipts.${kind}.title`)),
    h('p', {}, t(`receipts.${kind}.lead`)),
    form);
}
