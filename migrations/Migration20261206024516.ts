import { Migration } from '@mikro-orm/migrations';

/**
 * The rate-limit counters (src/server/rate-limits.ts), in the layout rate-limiter-flexible's
 * RateLimiterPostgres writes: it inserts (key, points, expire) by position, expire in epoch
 * milliseconds. Unlogged: counters need no WAL and no replica, and a crash only forgets them.
 * The index serves the sweep of expired rows.
 */
export class Migration20261206024516 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unlogged table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "rate_limit_expire_index" on "rate_limit" ("expire");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }
}
