// The admin's page, kept small: create a municipality, and organiser, issuer or verifier keys for one.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { keyRoles } from '../vocabulary.js';
import { field, showError, status } from './form.js';

function municipalityForm(who) {
  const slug = h('input', { name: 'slug', required: true, pattern: '[a-z0-9\\-]{1,64}' });
  const name = h('input', { name: 'name', required: true });
  const timezone = h('input', { name: 'timezone', required: true, value: 'America/Mexico_City' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/municipalities', { key: who.key, body: { slug: slug.value, name: name.value, timezone: timezone.value } });
      out.replaceChildren(status(t('org.admin.created', { slug: slug.value })));
    } catch (e) {
      showError(form, e);
    }
  } },
  h('h2', {}, t('org.admin.municipality')),
  field(t('org.admin.slug'), slug, { name: 'slug' }), field(t('org.admin.name'), name, { name: 'name' }),
  field(t('org.admin.timezone'), timezone, { name: 'timezone', hint: t('org.admin.timezone_hint') }),
  h('button', { type: 'submit' }, t('org.admin.create')), out);
  return form;
}

function keyForm(who) {
  const m = h('input', { name: 'municipality', required: true });
  const role = h('select', { name: 'role' }, keyRoles.map((r) => h('option', { value: r }, t(`org.admin.role.${r}`))));
  const label = h('input', { name: 'label' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const made = await api('POST', `/municipalities/${encodeURIComponent(m.value)}/keys`,
        { key: who.key, body: { role: role.value, label: label.value || undefined } });
      out.replaceChildren(status(t('org.admin.key_made')), h('p', {}, h('code', { class: 'secret' }, made.key)));
    } catch (e) {
      showError(form, e);
    }
  } },
  h('h2', {}, t('org.admin.keys')),
  field(t('org.admin.municipality_slug'), m, { name: 'municipality' }), field(t('org.admin.role'), role, { name: 'role' }),
  field(t('org.admin.label'), label, { name: 'label' }),
  h('button', { type: 'submit' }, t('org.admin.make_key')), out);
  return form;
}

export async function render(view, { who, bar }) {
  show(view, bar, h('h1', {}, t('org.admin.title')), municipalityForm(who), keyForm(who));
}
