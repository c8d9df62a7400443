// Building an Intl.DateTimeFormat costs far more than using one (it showed in checkout profiles):
// one per time zone, kept for the life of the process.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** "2026-11-25" and "10:00" of an instant, in a time zone. */
export function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The local calendar date after `date` ("2026-11-30" → "2026-12-01"). */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** "today 10:00", "tomorrow 10:00" or "2026-11-27 10:00", as seen from `now`. */
export function describeLocal(at: Date, now: Date, timeZone: string): string {
  const when = localParts(at, timeZone);
  const today = localParts(now, timeZone).date;
  if (when.date === today) return `today ${when.time}`;
  if (when.date === nextDate(today)) return `tomorrow ${when.time}`;
  return `${when.date} ${when.time}`;
}
