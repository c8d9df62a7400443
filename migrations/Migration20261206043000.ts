import { Migration } from '@mikro-orm/migrations';

/**
 * uuid_v7(): time-ordered UUIDs (RFC 9562 version 7) for rows written by set-based SQL, matching
 * the ids the application makes with the `uuid` package: the first 48 bits are the clock in
 * milliseconds, so a batch lands at the end of the primary-key index; the version nibble is 7.
 */
export class Migration20261206043000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function uuid_v7() returns uuid language sql volatile as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists uuid_v7();`);
  }
}
