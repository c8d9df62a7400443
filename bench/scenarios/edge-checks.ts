import 'reflect-metadata';
import { parse } from 'graphql';
import { loadConfig } from '../../src/config';
import type { RequestContext } from '../../src/lib/request-context';
import { guardOperation } from '../../src/server/operation-guard';
import { schema } from '../../src/server/schema';
import { Api } from '../lib/api';
import { runOnce, type Row } from '../lib/load';
import { freePorts } from '../lib/ports';
import type { Comparison } from '../lib/scenario';
import { FRESH, LISTING } from './catalog';

const EDGE_ROUNDS = 6;

/**
 * The listing at 16 connections against two more API processes on the same database, alike but for
 * QUERY_LIMITS (on / off: no depth, cost, alias or input-bounds checks), in turns whose order
 * alternates (on-off, off-on, …) so a drift of the machine falls on both: the medians and their
 * ratio say what the checks an operation passes before it runs cost, measured in one run on one
 * machine. Then the checks' own time, in this process.
 */
export const edgeChecks: Comparison = {
  async run(api) {
    process.stdout.write('Starting two more APIs on the same database, QUERY_LIMITS on and off... ');
    const [checkedPort, uncheckedPort] = await freePorts(2);
    const start = (port: number, queryLimits: 'on' | 'off') =>
      Api.start(
        {
          ...api.env,
          PORT: String(port),
          DATABASE_URL: api.databaseUrl,
          QUERY_LIMITS: queryLimits,
          SEED_DEMO_DATA: 'false',
          JWT_SECRET: api.env.JWT_SECRET || 'bench-only-jwt-secret-0123456789abcdef',
          PAYMENT_SANDBOX_SECRET: api.env.PAYMENT_SANDBOX_SECRET || 'bench-only-sandbox-secret-0123456789abcdef',
        },
        port,
      );
    const checkedApi = await start(checkedPort, 'on');
    const uncheckedApi = await start(uncheckedPort, 'off').catch(async (err) => {
      await checkedApi.stop();
      throw err;
    });
    console.log('ready');
    try {
      // One discarded run each first: the first run of a fresh process pays for JIT compilation.
      for (const target of [checkedApi, uncheckedApi]) await runOnce(target, 'listing', { query: LISTING, headers: FRESH }, 16);
      const checked: Row[] = [];
      const without: Row[] = [];
      for (let round = 0; round < EDGE_ROUNDS; round++) {
        const turns = [
          [checkedApi, checked],
          [uncheckedApi, without],
        ] as const;
        for (const [target, into] of round % 2 === 0 ? turns : [...turns].reverse())
          into.push(await runOnce(target, 'listing', { query: LISTING, headers: FRESH }, 16));
      }
      const median = (runs: Row[]): Row => {
        const sorted = [...runs].sort((a, b) => a.rps - b.rps);
        const mid = sorted.length / 2;
        return { ...sorted[Math.floor(mid)], rps: sorted.length % 2 ? sorted[Math.floor(mid)].rps : (sorted[mid - 1].rps + sorted[mid].rps) / 2 };
      };
      const on = { ...median(checked), scenario: `listing, edge checks on (median of ${EDGE_ROUNDS})` };
      const off = { ...median(without), scenario: `listing, edge checks off (median of ${EDGE_ROUNDS})` };
      console.log(
        `  listing @ 16: ${checked.map((r) => Math.round(r.rps)).join(', ')} req/s with the edge checks; ${without.map((r) => Math.round(r.rps)).join(', ')} without: ` +
          `median ratio ${(on.rps / off.rps).toFixed(3)}`,
      );
      const own = await edgeCheckMicroseconds();
      console.log(
        `  the checks themselves, in this process: ${own.first.toFixed(1)} µs for a listing document seen the first time, ${own.again.toFixed(1)} µs for the same document again\n`,
      );
      return [on, off];
    } finally {
      await Promise.all([checkedApi.stop(), uncheckedApi.stop()]);
    }
  },
};

/**
 * The time guardOperation takes for the listing document, run in this process many times: the
 * checks' own cost, free of load drift. A document is measured in full the first time it is seen;
 * Apollo then hands the same parsed document to later requests with the same text, and an
 * operation without variables is not measured again.
 */
async function edgeCheckMicroseconds(): Promise<{ first: number; again: number }> {
  const s = await schema();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // The channel rule only asks whether a storefront app is calling.
  const context = { storefront: { appId: 'bench' }, isOperator: false } as unknown as RequestContext;
  const runs = 5000;
  const documents = Array.from({ length: runs + 500 }, () => parse(LISTING));
  const time = (pick: (i: number) => ReturnType<typeof parse>) => {
    for (let i = 0; i < 500; i++) guardOperation(s, pick(runs + i), undefined, undefined, context, config);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) guardOperation(s, pick(i), undefined, undefined, context, config);
    return Number(process.hrtime.bigint() - t0) / 1000 / runs;
  };
  return { first: time((i) => documents[i]), again: time(() => documents[0]) };
}
