// A challenge's timeline: its windows in order, the phase open now, the next deadline, and the
// bar that draws them to scale (the model case's upload and voting windows overlap; the bar shows
// them as two rows over one time axis, with a mark at now).
import { h, svg } from './dom.js';
import { t } from './i18n.js';
import { dateTime, date, zoneName } from './format.js';
import { challengeStatus, phase, phases } from './vocabulary.js';

// The challenge's status in words' terms: the server keeps `development` after the development
// window closed (nothing moves it on), so a past edition reads "Desarrollo concluido" by its dates.
export function statusOf(challenge) {
  const dev = challenge.timeline?.development;
  const now = Date.parse(challenge.now || new Date().toISOString());
  if (challenge.status === challengeStatus.development && dev && now >= Date.parse(dev.closes)) return 'development_done';
  return challenge.status;
}

// [{name, opens, closes}] for the windows the challenge has, plus the announcement as a moment.
export function windowsOf(challenge) {
  const tl = challenge.timeline;
  return phases.filter((n) => tl[n]).map((n) => ({ name: n, opens: tl[n].opens, closes: tl[n].closes }));
}

// The next opening or closing after now: {what: 'submission.closes', at}.
export function nextDeadline(challenge) {
  const now = Date.parse(challenge.now || new Date().toISOString());
  const moments = [];
  for (const w of windowsOf(challenge)) {
    moments.push({ what: `${w.name}.opens`, at: w.opens }, { what: `${w.name}.closes`, at: w.closes });
  }
  moments.push({ what: 'announcement', at: challenge.timeline.announcement });
  return moments.filter((x) => Date.parse(x.at) > now).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0] || null;
}

export function phaseBadges(challenge) {
  const status = statusOf(challenge);
  return h('p', { class: 'phases' },
    h('span', { class: `status status-${status}`, 'data-status': status }, t(`status.${status}`)),
    (challenge.open_phases || []).map((p) => h('span', { class: 'phase' }, t(`phase.${p}.open`))));
}

// The windows as a list (what a screen reader reads) and as a drawing (aria-hidden, the same facts),
// in the order they happen: consultation, ideas, voting, the announcement, the development. The
// times are the municipality's, named in words ("hora estándar del Pacífico de México").
export function timelineView(challenge, zone, { zoneLine = true } = {}) {
  const open = challenge.open_phases || [];
  const windowItem = (w) => h('li', { class: open.includes(w.name) ? 'open' : null, 'data-phase': w.name },
    h('strong', {}, t(`phase.${w.name}`)), ': ',
    t('timeline.range', { opens: dateTime(w.opens, zone), closes: dateTime(w.closes, zone) }));
  const windows = windowsOf(challenge);
  const list = h('ol', { class: 'timeline-list' },
    windows.filter((w) => w.name !== phase.development).map(windowItem),
    h('li', { 'data-phase': 'announcement' }, h('strong', {}, t('phase.announcement')), ': ', dateTime(challenge.timeline.announcement, zone)),
    windows.filter((w) => w.name === phase.development).map(windowItem));
  return h('div', { class: 'timeline' }, timelineBar(challenge, zone), list,
    zone && zoneLine ? h('p', { class: 'muted timeline-zone' }, t('timeline.zone', { zone: zoneName(zone) })) : null);
}

function timelineBar(challenge, zone) {
  const windows = windowsOf(challenge);
  const announcement = Date.parse(challenge.timeline.announcement);
  const start = Math.min(...windows.map((w) => Date.parse(w.opens)));
  const end = Math.max(announcement, ...windows.map((w) => Date.parse(w.closes)));
  const span = Math.max(1, end - start);
  const x = (ms) => 1 + (98 * (ms - start)) / span;
  const row = 12;
  const height = windows.length * row + 2;
  const now = Date.parse(challenge.now || new Date().toISOString());
  const open = challenge.open_phases || [];
  // Stretched to the width (preserveAspectRatio none), so it holds no text: the labels are HTML.
  const drawing = svg('svg', { class: 'timeline-bar', viewBox: `0 0 100 ${height}`, preserveAspectRatio: 'none',
    'aria-hidden': 'true', focusable: 'false' },
  windows.map((w, i) => svg('rect', { x: x(Date.parse(w.opens)), y: i * row + 2,
    width: Math.max(0.8, x(Date.parse(w.closes)) - x(Date.parse(w.opens))), height: row - 3,
    class: `bar bar-${w.name}${open.includes(w.name) ? ' bar-open' : ''}` })),
  svg('rect', { x: x(announcement) - 0.4, y: 0, width: 0.8, height, class: 'bar-announcement' }),
  now >= start && now <= end ? svg('rect', { x: x(now) - 0.4, y: 0, width: 0.8, height, class: 'bar-now' }) : null);
  return h('div', { class: 'timeline-drawing', 'aria-hidden': 'true' },
    h('div', { class: 'timeline-rows' },
      h('ul', { class: 'timeline-legend' }, windows.map((w) => h('li', { class: `legend-${w.name}` }, t(`phase.${w.name}`)))),
      drawing),
    h('p', { class: 'timeline-ends' },
      h('span', {}, date(new Date(start).toISOString(), zone)),
      h('span', {}, date(new Date(end).toISOString(), zone))));
}
