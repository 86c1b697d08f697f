// A challenge's in-person tables (/organiser/{c}/tables): the list, with each table's hours, people
// checked in, whether its act is closed, observers and officers; a new table, or many from a CSV
// file; an officer's key made for a table (shown once, never kept here) and revoked after a
// confirmation. The officers use their key on /organiser, which opens their table's page.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api } from '../api.js';
import { dateTime, number, zoneName } from '../format.js';
import { ask } from '../dialog.js';
import { field, showError, clearErrors, status, errorText } from './form.js';
import { challenge as loadChallenge, path } from './data.js';
import { toLocalInput, fromLocalInput } from './zone.js';
import { reconciliationView } from '../reconciliation.js';

const csvHeader = 'name,address,district,opens,closes';
const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

// "Ana Pérez, Observatorio Ciudadano" per line → [{name, organisation}].
function observersOf(text) {
  return lines(text).map((line) => {
    const comma = line.indexOf(',');
    return comma < 0 ? { name: line, organisation: '' } : { name: line.slice(0, comma).trim(), organisation: line.slice(comma + 1).trim() };
  });
}

// A form that posts and shows its answer in its own live region (desk.js's pattern).
function action(title, controls, submitLabel, run, { headingLevel = 'h2', className = 'card' } = {}) {
  const out = h('div', { class: 'org-out', 'aria-live': 'polite' });
  const form = h('form', { class: className, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors(form);
    out.replaceChildren();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      out.append(...[await run(form, out)].flat().filter(Boolean));
    } catch (e) {
      showError(form, e);
    } finally {
      button.disabled = false;
    }
  } }, h(headingLevel, {}, title), controls, h('button', { type: 'submit' }, submitLabel), out);
  return form;
}

function newTableForm(page) {
  const { who, c, zone, doc } = page;
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const address = h('input', { name: 'address', required: true, maxlength: 500 });
  const district = h('input', { name: 'district', maxlength: 200 });
  // The voting window by default: a table's hours lie within it, often on its last day.
  const opens = h('input', { type: 'datetime-local', name: 'opens', required: true, step: 1,
    value: toLocalInput(doc.timeline?.voting?.opens, zone) });
  const closes = h('input', { type: 'datetime-local', name: 'closes', required: true, step: 1,
    value: toLocalInput(doc.timeline?.voting?.closes, zone) });
  const observers = h('textarea', { name: 'observers', rows: 2 });
  return action(t('org.tables.new'), [
    field(t('org.tables.name'), name, { name: 'name' }),
    field(t('org.tables.address'), address, { name: 'address' }),
    field(t('org.tables.district'), district, { name: 'district', hint: t('org.tables.district_hint') }),
    h('p', { class: 'hint' }, t('org.tables.zone', { zone: zoneName(zone) })),
    field(t('org.tables.opens'), opens, { name: 'opens' }),
    field(t('org.tables.closes'), closes, { name: 'closes' }),
    field(t('org.tables.observers'), observers, { name: 'observers', hint: t('org.tables.observers_hint') }),
  ], t('org.tables.create'), async () => {
    const body = { name: name.value.trim(), address: address.value.trim(), opens: fromLocalInput(opens.value, zone),
      closes: fromLocalInput(closes.value, zone) };
    if (district.value.trim()) body.district = district.value.trim();
    if (observers.value.trim()) body.observers = observersOf(observers.value);
    const made = await api('POST', path(who, c, '/tables'), { key: who.key, body });
    await page.refresh();
    name.value = '';
    address.value = '';
    district.value = '';
    observers.value = '';
    return status(t('org.tables.created', { name: made.name }));
  });
}

// A CSV file (header name,address,district,opens,closes; times in RFC 3339), sent as {"csv": its
// text}: every row a table, or none when a row is refused (the server names it: rows[N].opens, N
// from 1).
function csvForm(page) {
  const { who, c } = page;
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', required: true });
  return action(t('org.tables.csv'), [
    h('p', {}, t('org.tables.csv_lead')),
    h('p', {}, h('code', {}, csvHeader)),
    field(t('org.tables.csv_file'), file, { name: 'csv', hint: t('org.tables.csv_hint') }),
  ], t('org.tables.upload'), async (form) => {
    const chosen = file.files?.[0];
    if (!chosen) return showError(form, { field: 'csv', plain: true, message: t('org.tables.csv_none') });
    let made;
    try {
      made = await api('POST', path(who, c, '/tables'), { key: who.key, body: { csv: await chosen.text() } });
    } catch (e) {
      // A refusal of the file or of one of its rows is said beside the file: the server counts the
      // rows from 1 after the header, as a spreadsheet numbers them.
      const row = /^rows\[(\d+)\]/.exec(e.field || '');
      if (!row && e.field !== 'csv' && e.field !== 'rows') throw e;
      return showError(form, { field: 'csv', plain: true, message: errorText(e, row ? { n: Number(row[1]) } : {}) });
    }
    await page.refresh();
    file.value = '';
    const n = made.tables?.length ?? 0;
    return status(t('org.tables.uploaded', { count: n, n: number(n) }));
  });
}

// A new officer's key: shown once, here only; the page keeps nothing of it.
function officerForm(page, table) {
  const { who, c } = page;
  const label = h('input', { name: 'label', required: true, maxlength: 200, id: `officer-label-${table.id}` });
  return action(t('org.tables.officer_new'), [field(t('org.tables.officer_label'), label, { name: 'label', hint: t('org.tables.officer_label_hint') })],
    t('org.tables.officer_create'), async () => {
      const made = await api('POST', path(who, c, `/tables/${table.id}/officers`), { key: who.key, body: { label: label.value.trim() } });
      label.value = '';
      await page.refresh({ keep: table.id, shown: made });
      return null;
    }, { headingLevel: 'h4', className: 'org-inline table-officer-form' });
}

function shownKey(made) {
  return h('div', { class: 'notice table-new-key', role: 'status' },
    h('p', {}, t('org.tables.officer_made', { label: made.label })),
    h('p', {}, h('code', { class: 'secret' }, made.key)),
    h('p', {}, t('org.tables.officer_once')));
}

function officersList(page, table, shown) {
  const { who, c } = page;
  const officers = table.officers || [];
  return h('section', { 'aria-labelledby': `officers-${table.id}` },
    h('h3', { id: `officers-${table.id}` }, t('org.tables.officers', { count: officers.length, n: number(officers.length) })),
    officers.length < 2 ? h('p', { class: 'muted' }, t('org.tables.officers_needed')) : null,
    h('ul', { class: 'table-officers' }, officers.map((o) => h('li', { 'data-officer': o.id },
      h('span', {}, o.label), ' ', h('span', { class: 'muted mono' }, t('org.tables.signing_key', { key: `${String(o.signing_key).slice(0, 10)}…` })), ' ',
      h('button', { type: 'button', class: 'secondary danger', onclick: async (event) => {
        const answer = await ask({
          title: t('org.tables.revoke_confirm.title', { label: o.label }),
          text: t('org.tables.revoke_confirm.text'),
          choices: [{ value: 'keep', label: t('org.tables.revoke_confirm.cancel'), kind: 'secondary' },
            { value: 'revoke', label: t('org.tables.revoke_confirm.do'), kind: 'danger' }],
        });
        if (answer !== 'revoke') return;
        try {
          await api('DELETE', path(who, c, `/tables/${table.id}/officers/${o.id}`), { key: who.key });
        } catch (e) {
          event.target.closest('li').append(h('p', { class: 'alert', role: 'alert' }, errorText(e)));
          return;
        }
        await page.refresh({ keep: table.id, said: t('org.tables.revoked', { label: o.label }) });
      } }, t('org.tables.revoke', { label: o.label }))))),
    shown?.made ? shownKey(shown.made) : null,
    shown?.said ? status(shown.said) : null,
    officerForm(page, table));
}

function tableCard(page, table, shown) {
  const { zone } = page;
  const observers = table.observers || [];
  return h('li', { class: 'card table-card', 'data-table': table.id },
    h('h2', {}, table.name),
    h('p', {}, [table.address, table.district ? t('org.tables.in_district', { district: table.district }) : null].filter(Boolean).join(' · ')),
    h('p', { class: 'muted' }, t('org.tables.hours', { opens: dateTime(table.opens, zone), closes: dateTime(table.closes, zone) })),
    h('p', {}, t('org.tables.checked_in', { count: table.checked_in || 0, n: number(table.checked_in || 0) }), ' · ',
      h('strong', {}, table.reported ? t('org.tables.reported') : t('org.tables.not_reported'))),
    observers.length ? h('p', {}, t('org.tables.observed_by', { names: new Intl.ListFormat(locale(), { type: 'conjunction' })
      .format(observers.map((o) => (o.organisation ? `${o.name} (${o.organisation})` : o.name))) })) : null,
    officersList(page, table, shown?.table === table.id ? shown : null));
}

export async function render(view, { who, c, bar, nav }) {
  const { zone, challenge: doc } = await loadChallenge(who, c);
  const page = { who, c, zone, doc };
  const list = h('ul', { class: 'org-list table-list', 'aria-labelledby': 'tables-title' });
  const count = h('p', {});
  const recon = h('div', { class: 'card' });
  // The list again after a change; `keep`: the table whose officers changed, where the new key (or
  // the revocation) is said and the focus goes.
  page.refresh = async ({ keep = null, shown = null, said = null } = {}) => {
    const [{ tables }, figures] = await Promise.all([api('GET', path(who, c, '/tables'), { key: who.key }),
      api('GET', path(who, c, '/reconciliation'), { key: who.key }).catch(() => null)]);
    count.textContent = tables.length ? t('org.tables.count', { count: tables.length, n: number(tables.length) }) : t('org.tables.none');
    list.replaceChildren(...tables.map((x) => tableCard(page, x, keep === x.id ? { table: keep, made: shown, said } : null)));
    recon.replaceChildren(figures ? reconciliationView(figures, { level: 'h2' }) : h('p', { class: 'muted' }, t('org.tables.no_recon')));
    const card = keep === null ? null : list.querySelector(`[data-table="${CSS.escape(String(keep))}"]`);
    const target = card?.querySelector('.table-new-key, [role=status]') || card?.querySelector('h3');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
  };
  await page.refresh();
  show(view, bar, nav, h('h1', {}, t('org.tables.title', { title: doc.title })),
    h('p', {}, t('org.tables.lead')),
    h('h2', { id: 'tables-title' }, t('org.tables.list')), count, list,
    newTableForm(page), csvForm(page), recon,
    h('p', {}, h('a', { href: `/${who.municipality}/${c}/results` }, t('org.tables.public'))));
}
