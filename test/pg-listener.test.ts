import { Client } from 'pg';
import { FAN_OUT_CHUNK, PgListener } from '../src/lib/pg-pubsub';

/** A channel of this test's own on the test server's postgres database. */
const CHANNEL = `listener_probe_${process.pid}`;

function serverUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_SERVER!);
  url.pathname = '/postgres';
  return url.toString();
}

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the listening connection', () => {
  let listener: PgListener;
  let notifier: Client;
  beforeAll(async () => {
    listener = new PgListener(serverUrl(), [{ channel: CHANNEL, topic: 'PROBE', topicId: (p) => String(p.id) }]);
    await listener.start();
    notifier = new Client({ connectionString: serverUrl() });
    await notifier.connect();
  });
  afterAll(async () => {
    await listener.stop();
    await notifier.end();
  });

  const notify = (...ns: number[]) =>
    notifier.query(`select ${ns.map((_, i) => `pg_notify($1, json_build_object('id', 'a', 'n', $${i + 2}::int)::text)`).join(', ')}`, [CHANNEL, ...ns]);

  it("hands one commit's notifications to each subscriber together, in order, over more subscribers than one turn takes", async () => {
    const subscribers = FAN_OUT_CHUNK * 2 + 7;
    const handed: string[] = [];
    const stops = Array.from({ length: subscribers }, (_, i) => listener.onPayload('PROBE', 'a', (p) => void handed.push(`${i}:${String(p.n)}`)));
    try {
      await notify(1, 2);
      await until(() => handed.length === subscribers * 2);
      expect(handed).toEqual(Array.from({ length: subscribers }, (_, i) => [`${i}:1`, `${i}:2`]).flat());
    } finally {
      stops.forEach((stop) => stop());
    }
  });

  it('keeps every subscriber’s notifications in commit order when commits come while one is being handed out', async () => {
    const subscribers = FAN_OUT_CHUNK * 3;
    const seen = Array.from({ length: subscribers }, () => [] as number[]);
    const stops = seen.map((list) => listener.onPayload('PROBE', 'a', (p) => void list.push(Number(p.n))));
    try {
      await Promise.all([notify(1, 2), notify(3), notify(4, 5)]);
      await until(() => seen.every((list) => list.length === 5));
      for (const list of seen) expect(list).toEqual([1, 2, 3, 4, 5]);
    } finally {
      stops.forEach((stop) => stop());
    }
  });

  it('waits for a subscriber that asks to be handed a payload again, and keeps every subscriber in order', async () => {
    const subscribers = FAN_OUT_CHUNK + 3;
    const handed: string[] = [];
    let asked = 0;
    const stops = Array.from({ length: subscribers }, (_, i) =>
      listener.onPayload('PROBE', 'a', (p) => {
        // The second subscriber cannot take the first payload yet: it asks again once a timer has run.
        if (i === 1 && p.n === 1 && asked++ === 0) return new Promise((resolve) => setTimeout(resolve, 30));
        handed.push(`${i}:${String(p.n)}`);
      }),
    );
    try {
      await notify(1, 2);
      await until(() => handed.length === subscribers * 2);
      expect(asked).toBe(2);
      expect(handed).toEqual(Array.from({ length: subscribers }, (_, i) => [`${i}:1`, `${i}:2`]).flat());
    } finally {
      stops.forEach((stop) => stop());
    }
  });
});
