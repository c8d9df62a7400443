/**
 * `npm run bench`: starts the built API the way a user would (production mode, demo data), drives
 * it with autocannon and prints throughput, latency and SQL statements per request for each scenario.
 *
 * Environment:
 *   BENCH_DURATION  seconds measured per run (default 10); a 2 s warm-up precedes each run.
 *   BENCH_ONLY      only the scenarios whose name contains this text.
 *   BENCH_FIRST=0   skip what runs first (the edge checks' comparison below).
 *   DATABASE_URL    use that PostgreSQL server; without it the app's embedded PostgreSQL is started
 *                   in a fresh temporary data directory, deleted afterwards.
 *
 * Exit code 0 when every scenario ran without errors and every check after the runs passed, 1 otherwise.
 * To add a scenario: export a Scenario from a file in bench/scenarios/ and list it below, where it
 * is to run; a check after the runs (a Check) goes in `checks`.
 *
 * First of all, the listing runs against two more API processes on the same database, alike but
 * for QUERY_LIMITS, in turns, so what those checks cost is printed from the same run. Then the
 * scenarios, in the order below: the team scenarios write their referral tree of 100,000 members
 * before the checkout scenarios run, so the tree's orders are in the orders check's baseline.
 *
 * A scenario with a floor (the listing, the product page, both checkouts) is followed at once by
 * its floor at the same connections: the same SQL, or the same database writes in one raw
 * transaction, served by plain node:http + pg in a process of its own (bench/lib/floors/). The table
 * prints the floor's req/s and the ratio ours / floor next to each of its rows: the machine drifts
 * between runs, the ratio within one run much less.
 */
import 'reflect-metadata';
import { runBench } from './lib/runner';
import { articlePage, largeArticlePage } from './scenarios/article';
import { listing, listingCached, productPage } from './scenarios/catalog';
import { checkoutHotSku, checkoutSpreadSkus, ordersCheck } from './scenarios/checkout';
import { edgeChecks } from './scenarios/edge-checks';
import { groupBuyJoinable } from './scenarios/group-buy';
import { salesReportYear } from './scenarios/reports';
import { teamOfMidLevel, teamOfRoot } from './scenarios/team';

runBench({
  first: [edgeChecks],
  scenarios: [
    listing,
    listingCached,
    productPage,
    articlePage,
    largeArticlePage,
    teamOfRoot,
    teamOfMidLevel,
    groupBuyJoinable,
    checkoutHotSku,
    checkoutSpreadSkus,
    salesReportYear,
  ],
  checks: [ordersCheck],
});
