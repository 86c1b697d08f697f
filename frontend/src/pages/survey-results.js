// The consultation's results, public once it closes: per question its options with count and
// percentage (a bar each; the numbers are text), the scale's distribution and mean, the ranking by
// Borda points with each tie and its lottery in words, and the free text an organiser published,
// with how many answers are awaiting review or hidden. Then the open data. Before the close the
// server refuses (409) and the page says when the results come out.
import { h, show } from '../dom.js';
import { t, locale } from '../i18n.js';
import { api, challengePath, ApiError } from '../api.js';
import { dateTime, number, percent } from '../format.js';
import { getSurveyResponse } from '../tokens.js';
import { exportFormats, questionKind } from '../vocabulary.js';
import { loadChallenge, backLink, moreButton } from './common.js';

const refused = (e) => {
  if (e instanceof ApiError && [404, 409].includes(e.status)) return null;
  throw e;
};

export async function render(view, { m, c }, ctx) {
  show(view, h('h1', {}, t('loading')));
  const receipts = import('./receipts.js'); // the lookup by receipt, loaded beside the reads
  const [{ challenge, zone }, survey] = await Promise.all([loadChallenge(m, c), api('GET', challengePath(m, c, '/survey'))]);
  const asked = survey.consultation && survey.questions?.length;
  const results = asked ? await api('GET', challengePath(m, c, '/survey/results')).catch(refused) : null;
  const { lookupSection } = await receipts;
  if (!ctx.current()) return;
  if (!results) {
    show(view, backLink(m, c, challenge), h('h1', {}, t('survey.results.title', { title: challenge.title })),
      h('p', { class: 'not-yet' }, asked ? t('survey.results.not_yet', { at: dateTime(survey.consultation.closes, zone) }) : t('survey.none')),
      asked ? lookupSection(m, c, 'survey', { kept: getSurveyResponse(m, c)?.receipt }) : null);
    return;
  }
  const seed = challenge.tie_break_seed;
  show(view, backLink(m, c, challenge),
    h('h1', {}, t('survey.results.title', { title: challenge.title })),
    results.closed ? null : h('p', { class: 'notice' }, t('survey.results.preliminary')),
    h('p', { class: 'lead' }, t('survey.results.responses', { count: results.responses, n: number(results.responses) })),
    h('p', { class: 'muted' }, t('survey.results.percent_rule')),
    results.questions.map((q, i) => questionView(q, i, { seed, m, c })),
    lookupSection(m, c, 'survey', { kept: getSurveyResponse(m, c)?.receipt }),
    exportsView(m, c));
}

function questionView(q, i, where) {
  const id = `result-${q.id}`;
  const body = { [questionKind.single]: optionsView, [questionKind.multiple]: optionsView, [questionKind.scale]: scaleView,
    [questionKind.ranking]: rankingView, [questionKind.text]: textView }[q.kind];
  return h('section', { class: `survey-result card q-${q.kind}`, 'data-question': q.id, 'aria-labelledby': id },
    h('h2', { id }, `${i + 1}. ${q.prompt}`),
    h('p', { class: 'muted answered' }, t('survey.results.answered', { count: q.answered, n: number(q.answered) })),
    body ? body(q, where.seed, where) : null);
}

const pct = (p) => percent((Number(p) || 0) / 100);

// One bar: the label, its numbers in words, and the bar (decoration, hidden from screen readers).
function bar(label, numbers, width, attrs = {}) {
  return h('li', attrs,
    h('span', { class: 'result-title' }, label),
    h('span', { class: 'result-score' }, numbers),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' },
      h('span', { class: 'bar-fill', style: { width: `${Math.max(0, Math.min(100, width))}%` } })));
}

function optionsView(q) {
  return [
    q.kind === questionKind.multiple ? h('p', { class: 'hint' }, t('survey.results.multiple_rule')) : null,
    h('ul', { class: 'results-chart survey-bars' }, (q.options || []).map((o) => bar(o.text,
      t('survey.results.count', { count: o.count, n: number(o.count), percent: pct(o.percent) }), Number(o.percent) || 0,
      { 'data-option': o.option }))),
  ];
}

function scaleView(q) {
  const end = (v) => (v === 1 ? q.min_label : v === q.points ? q.max_label : '');
  return [
    h('p', { class: 'scale-mean' }, q.mean === null || q.mean === undefined ? t('survey.results.no_mean')
      : h('strong', {}, t('survey.results.mean', { mean: number(q.mean, { maximumFractionDigits: 2 }), points: number(q.points) }))),
    h('ul', { class: 'results-chart survey-bars' }, (q.distribution || []).map((d) => bar(
      end(d.value) ? t('survey.results.value_labelled', { value: number(d.value), label: end(d.value) }) : number(d.value),
      t('survey.results.count', { count: d.count, n: number(d.count), percent: pct(d.percent) }), Number(d.percent) || 0,
      { 'data-value': d.value }))),
  ];
}

const listOf = (texts) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(texts);

function rankingView(q, seed) {
  const options = q.options || [];
  const k = options.length;
  const top = Math.max(1, ...options.map((o) => Number(o.points) || 0));
  const textOf = new Map(options.map((o) => [o.option, o.text]));
  return [
    h('p', { class: 'hint' }, t('survey.results.borda', { count: k, second: Math.max(0, k - 1) })),
    h('ol', { class: 'results-chart survey-ranking' }, options.map((o) => bar(o.text,
      [t('survey.results.points', { count: o.points, n: number(o.points) }), ' · ',
        t('survey.results.first', { count: o.first, n: number(o.first) })],
      (100 * (Number(o.points) || 0)) / top, { 'data-option': o.option, 'data-rank': o.rank }))),
    q.ties?.length ? h('div', { class: 'survey-ties' },
      h('h3', {}, t('survey.results.ties')),
      // The seed is null until it is revealed (the consultation's or the voting's close): no rule to show yet.
      seed == null ? null : h('p', {}, t('survey.results.ties_rule', { seed, id: q.id })),
      h('ul', { class: 'ties' }, q.ties.map((tie) => {
        const name = (l) => textOf.get(l.option) ?? `#${l.option}`;
        const order = tie.lottery.map(name);
        const tied = [...tie.lottery].sort((a, b) => a.option - b.option).map(name);
        return h('li', {},
          t('survey.results.tie', { count: tie.points, n: number(tie.points), options: listOf(tied) }), ' ',
          t('survey.results.tie_order', { order: listOf(order) }),
          h('ul', { class: 'lottery' }, tie.lottery.map((l) => h('li', {},
            t('survey.results.lottery_key', { option: name(l), input: `${seed}/${q.id}${l.option + 1}` }), ' ',
            h('code', { class: 'sha256' }, l.key)))));
      }))) : null,
  ];
}

// The published free text: the first 50 come with the results, "Ver más" reads the rest a page at a
// time (`…/survey/results/texts?question=&after=`).
const textPage = 50;

function textView(q, seed, { m, c }) {
  const published = q.published || [];
  const total = Number(q.published_count ?? published.length) || 0;
  const item = (x) => h('li', { 'data-id': x.id }, h('p', {}, x.text));
  const list = h('ul', { class: 'survey-texts' }, published.map(item));
  const more = moreButton(list, {
    next: q.published_next_after ?? null,
    label: t('survey.results.more_texts'),
    shownClass: 'texts-shown',
    shown: (n) => (total > published.length ? t('survey.results.texts_shown', { count: total, shown: number(n), n: number(total) }) : ''),
    load: async (after) => {
      const page = await api('GET', challengePath(m, c,
        `/survey/results/texts?question=${encodeURIComponent(q.id)}&after=${encodeURIComponent(after)}&limit=${textPage}`));
      return { items: (page.texts || []).map(item), next: page.next_after ?? null };
    },
  });
  return [
    published.length ? [list, more] : h('p', {}, t('survey.results.no_texts')),
    h('p', { class: 'muted moderation-counts' },
      t('survey.results.pending', { count: q.pending || 0, n: number(q.pending || 0) }), ' · ',
      t('survey.results.hidden', { count: q.hidden || 0, n: number(q.hidden || 0) })),
  ];
}

function exportsView(m, c) {
  const link = (format) => h('li', {}, h('a', { class: 'download', href: `/api/v1${challengePath(m, c, `/survey/export?format=${format}`)}`, download: '' },
    t(`survey.results.export.${format}`)));
  return h('section', { 'aria-labelledby': 'survey-exports' },
    h('h2', { id: 'survey-exports' }, t('survey.results.exports')),
    h('p', { class: 'muted' }, t('survey.results.exports_lead')),
    h('ul', {}, exportFormats.survey.map(link)));
}
