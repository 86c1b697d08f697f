// The in-person tables' reconciliation (`GET …/reconciliation`, public) in words, table by table
// and in total: people checked in against ballots found in the box (any difference stated, never
// hidden), valid, blank and null ballots, online ballots set aside by a check-in, people refused
// as having voted already, people of a paper roll who had voted already (duplicates), and the
// tables not reported yet, named. The results page and the
// organiser's tables page both show it; the officer's act says its difference the same way.
import { h } from './dom.js';
import { t, locale } from './i18n.js';
import { number } from './format.js';

// A count that may come as a number or as {reason: n} (an act's `null`): the total.
export function total(x) {
  if (x && typeof x === 'object') return Object.values(x).reduce((s, n) => s + (Number(n) || 0), 0);
  return Number(x) || 0;
}

// "1 boleta más que personas registradas", "2 boletas menos…", "Sin diferencia…": ballots in the
// box less people checked in, in words.
export function differenceText(difference) {
  const n = Number(difference) || 0;
  if (n === 0) return t('recon.difference.none');
  return t(n > 0 ? 'recon.difference.more' : 'recon.difference.fewer', { count: Math.abs(n), n: number(Math.abs(n)) });
}

const names = (list) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(list);
const n = (x) => number(total(x));

// One table's (or the total's) figures in a sentence or two.
export function figuresText(x) {
  const parts = [
    t('recon.checked', { checked: n(x.checked_in), box: n(x.ballots_in_box), difference: differenceText(x.difference) }),
    t('recon.ballots', { valid: n(x.valid), blank: n(x.blank), null: n(x.null) }),
    // Null until the results are out (an officer would read it before and after a check-in).
    x.online_set_aside == null ? t('recon.set_aside_later')
      : t('recon.set_aside', { count: total(x.online_set_aside), n: n(x.online_set_aside) }),
    t('recon.refused', { count: total(x.refused), n: n(x.refused) }),
    total(x.roll_duplicates) ? t('recon.duplicates', { count: total(x.roll_duplicates), n: n(x.roll_duplicates) }) : null,
  ];
  return parts.filter(Boolean).join(' ');
}

// The names of the tables `ids` names, from the reconciliation's rows (an id it lacks as "#id").
export function tableNames(recon, ids) {
  const byId = new Map((recon?.tables || []).map((x) => [x.table, x]));
  return (ids || []).map((id) => {
    const row = byId.get(id);
    if (!row) return `#${id}`;
    return row.district ? t('recon.table_in', { name: row.name, district: row.district }) : row.name;
  });
}

// The section: `headingId` names it; `level` is its heading's.
export function reconciliationView(recon, { headingId = 'reconciliation-title', level = 'h2' } = {}) {
  const rows = recon?.tables || [];
  const sum = recon?.total || {};
  const missing = recon?.missing || [];
  return h('section', { class: 'reconciliation', id: 'reconciliation', 'aria-labelledby': headingId },
    h(level, { id: headingId }, t('recon.title')),
    h('p', { class: 'recon-total' }, h('strong', {}, t('recon.reported', { count: Number(sum.tables ?? rows.length),
      reported: number(Number(sum.reported ?? rows.filter((x) => x.reported).length)), tables: number(Number(sum.tables ?? rows.length)) })), ' ',
    rows.length ? figuresText(sum) : null),
    missing.length ? h('p', { class: 'alert recon-missing', 'data-missing': missing.join(' ') },
      t('recon.missing', { count: missing.length, names: names(tableNames(recon, missing)) }))
      : rows.length ? h('p', { class: 'notice recon-complete' }, t('recon.complete')) : h('p', {}, t('recon.no_tables')),
    rows.length ? h('ul', { class: 'recon-tables' }, rows.map((x) => h('li', { 'data-table': x.table, 'data-reported': String(Boolean(x.reported)) },
      h('strong', {}, tableNames(recon, [x.table])[0]), ' ',
      h('span', { class: x.reported ? 'recon-state' : 'recon-state is-missing' }, x.reported ? t('recon.table_reported') : t('recon.table_missing')),
      h('br', {}),
      x.reported ? figuresText(x) : t('recon.unreported_figures', { checked: n(x.checked_in), count: total(x.refused), refused: n(x.refused) }),
      !x.reported && total(x.roll_duplicates) ? ` ${t('recon.duplicates', { count: total(x.roll_duplicates), n: n(x.roll_duplicates) })}` : null)))
      : null);
}
