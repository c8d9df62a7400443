import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { admission } from '../../src/server/admission';

/** An app whose requests wait until the test lets them finish, one handler per request, in arrival order. */
function blockingApp(limit: number) {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const app = express();
  app.use(admission(limit), (req, res) => {
    const n = req.query.n as string;
    started.push(n);
    finishers.push(() => res.send(`done ${n}`));
  });
  return { app, started, finishers };
}

function get(port: number, n: number): { answer: Promise<string>; abort(): void } {
  const req = request({ port, path: `/?n=${n}` });
  const answer = new Promise<string>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
  req.end();
  return { answer, abort: () => req.destroy() };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('admission', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('runs at most `limit` requests at once and the rest in arrival order', async () => {
    const { app, started, finishers } = blockingApp(2);
    server = app.listen(0);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const calls: { answer: Promise<string> }[] = [];
    for (const n of [1, 2, 3, 4]) {
      calls.push(get(port, n));
      await settle();
    }
    expect(started).toEqual(['1', '2']);
    finishers[1]();
    await settle();
    expect(started).toEqual(['1', '2', '3']);
    finishers[0]();
    finishers[2]();
    await settle();
    expect(started).toEqual(['1', '2', '3', '4']);
    finishers[3]();
    expect(await Promise.all(calls.map((c) => c.answer))).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
  });

  it('drops a request whose client went away while it waited, and frees the place of one that went away while running', async () => {
    const { app, started, finishers } = blockingApp(1);
    server = app.listen(0);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const first = get(port, 1);
    first.answer.catch(() => undefined);
    await settle();
    const second = get(port, 2);
    second.answer.catch(() => undefined);
    await settle();
    second.abort();
    await settle();
    // The running one goes away too: its place passes on.
    first.abort();
    await settle();
    const third = get(port, 3);
    await settle();
    expect(started).toEqual(['1', '3']);
    finishers[1]();
    expect(await third.answer).toBe('done 3');
  });
});
