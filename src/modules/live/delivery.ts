import { Histogram } from 'prom-client';
import { registry } from '../../lib/metrics';

/**
 * How late viewers see a session's events, as this process can tell: from an event's write (its
 * `at`, the announcing statement's time) until the process hands it to a subscriber's connection.
 * Observed for every subscriber and every event heard as it happened (replays after `after` are
 * old by design and left out). What comes after — the network, the viewer's device — is not in
 * it; the coalescing of STOCK and SOLD events happens before the write, so it is not in it either.
 */
const liveEventDelivery = new Histogram({
  name: 'live_event_delivery_seconds',
  help: "Seconds from a live-session event's write until this process hands it to a subscriber's connection (events heard live, one observation per subscriber)",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 5],
  registers: [registry],
});

/** The last event time read: a fan-out hands the same event to every subscriber, so it is read once. */
let lastAt = '';
let lastWritten = NaN;

/** One subscriber is handed the event written at `at` (ISO time) now. */
export function observeDelivery(at: string): void {
  if (at !== lastAt) {
    lastAt = at;
    lastWritten = Date.parse(at);
  }
  if (Number.isFinite(lastWritten)) liveEventDelivery.observe(Math.max(0, Date.now() - lastWritten) / 1000);
}
