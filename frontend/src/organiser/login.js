// Log in with a key: a password field, checked by the server (whoami) before it is kept.
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { logIn } from './session.js';
import { field, showError } from './form.js';

export function loginPage(view, done) {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    try {
      await logIn(input.value.trim());
      done();
    } catch (e) {
      showError(form, e.status === 401 ? { ...e, field: 'key', message: t('org.refusal.unauthorized'), code: e.code, plain: true } : e);
    }
  } },
  field(t('org.login.key'), input, { hint: t('org.login.hint'), name: 'key' }),
  h('button', { type: 'submit' }, t('org.login.submit')));
  show(view, h('h1', {}, t('org.login.title')), h('p', {}, t('org.login.lead')), form);
}
