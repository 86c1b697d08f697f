// Dates, numbers and money through Intl, in the app's language and the municipality's time zone
// (a Hermosillo challenge shows Hermosillo's clock to a visitor anywhere).
import { locale } from './i18n.js';

export function dateTime(iso, timeZone) {
  return safe(() => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone })
    .format(new Date(iso)), iso);
}

export function date(iso, timeZone) {
  return safe(() => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone }).format(new Date(iso)), iso);
}

// A time zone in words, for people ("hora estándar del Pacífico de México"), never the IANA name
// ("America/Hermosillo"), which only an engineer reads; the IANA name if Intl has no words for it.
export function zoneName(timeZone, at = new Date()) {
  for (const style of ['longGeneric', 'long']) {
    const name = safe(() => new Intl.DateTimeFormat(locale(), { timeZone, timeZoneName: style }).formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value, null);
    if (name) return name;
  }
  return timeZone;
}

export function number(n, options) {
  return new Intl.NumberFormat(locale(), options).format(n);
}

export function percent(fraction) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

// Costs are whole pesos in the API.
export function money(n) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'MXN', maximumFractionDigits: 0 }).format(n);
}

// "3 días, 4 horas" until a moment, in the largest two units.
export function duration(ms) {
  const units = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000]];
  const parts = [];
  let left = Math.max(0, ms);
  for (const [unit, size] of units) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0 || (unit === 'minute' && parts.length === 0))
      parts.push(new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'long' }).format(n));
    if (parts.length === 2) break;
  }
  return new Intl.ListFormat(locale(), { type: 'unit' }).format(parts);
}

function safe(fn, fallback) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
