// datetime-local inputs hold the municipality's wall clock, never the browser's: these convert
// between that and RFC 3339 UTC with Intl's time-zone data.
function wallParts(ms, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

// How far the zone's wall clock is ahead of UTC at an instant, in ms.
function offsetAt(ms, timeZone) {
  const p = wallParts(ms, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

const pad = (n) => String(n).padStart(2, '0');

// The input's value for an instant: '2026-01-09T23:00', with ':30' seconds only when the instant
// has them (a time made through the API may), so an untouched input reads back the same instant.
export function toLocalInput(iso, timeZone) {
  if (!iso) return '';
  const p = wallParts(Date.parse(iso), timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}${p.s ? `:${pad(p.s)}` : ''}`;
}

// '2026-01-10T05:00' (or '…T05:00:30') in America/Hermosillo → '2026-01-10T12:00:00Z'. Two passes
// settle the offset across a daylight-saving change.
export function fromLocalInput(value, timeZone) {
  const found = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?/.exec(value || '');
  if (!found) return null;
  const [, y, mo, d, hh, mi, ss] = found.map((x) => Number(x || 0));
  const wall = Date.UTC(y, mo - 1, d, hh, mi, ss);
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
