import { Migration } from '@mikro-orm/migrations';

/** Webhooks: storefront apps' endpoints, the events for them, one delivery per endpoint and event, and the attempts' log. */
export class Migration20261207030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_endpoint" ("id" uuid not null, "storefront_app_id" uuid not null, "url" text not null, "event_types" text[] not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "enabled" boolean not null default true, "disabled_reason" text null, "disabled_at" timestamptz null, "failing_since" timestamptz null, "busy_until" timestamptz null, "last_sequence" bigint not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_endpoint_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_endpoint_app" on "webhook_endpoint" ("storefront_app_id", "created_at", "id");`);

    this.addSql(
      `create table "webhook_event" ("id" uuid not null, "position" bigserial, "source" text not null, "type" text not null, "storefront_app_id" uuid null, "endpoint_id" uuid null, "resource_type" text not null, "resource_id" text not null, "resource_version" bigint not null, "data" jsonb not null, "created_at" timestamptz not null, "fanned_out_at" timestamptz null, constraint "webhook_event_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "webhook_event" add constraint "webhook_event_position_unique" unique ("position");`);
    this.addSql(`alter table "webhook_event" add constraint "webhook_event_source_unique" unique ("source");`);
    this.addSql(`create index "webhook_event_app" on "webhook_event" ("storefront_app_id");`);
    this.addSql(`create index "webhook_event_endpoint" on "webhook_event" ("endpoint_id");`);
    this.addSql(`create index "webhook_event_created" on "webhook_event" ("created_at");`);
    this.addSql(`create index "webhook_event_pending" on "webhook_event" ("position") where "fanned_out_at" is null;`);

    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "endpoint_id" uuid not null, "event_id" uuid not null, "sequence" bigint not null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_event" unique ("endpoint_id", "event_id");`);
    this.addSql(`create index "webhook_delivery_endpoint" on "webhook_delivery" ("endpoint_id", "sequence");`);
    this.addSql(`create index "webhook_delivery_event" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_created" on "webhook_delivery" ("created_at");`);
    this.addSql(`create index "webhook_delivery_due" on "webhook_delivery" ("endpoint_id", "next_attempt_at", "sequence") where "status" = 'pending';`);

    this.addSql(
      `create table "webhook_attempt" ("id" uuid not null, "delivery_id" uuid not null, "attempted_at" timestamptz not null, "status_code" int null, "duration_ms" int not null, "response_excerpt" text null, "error" text null, "success" boolean not null, constraint "webhook_attempt_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_attempt_delivery" on "webhook_attempt" ("delivery_id", "attempted_at");`);
    this.addSql(`create index "webhook_attempt_at" on "webhook_attempt" ("attempted_at");`);

    this.addSql(
      `alter table "webhook_endpoint" add constraint "webhook_endpoint_storefront_app_id_foreign" foreign key ("storefront_app_id") references "storefront_app" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_event" add constraint "webhook_event_storefront_app_id_foreign" foreign key ("storefront_app_id") references "storefront_app" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_event" add constraint "webhook_event_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "webhook_event" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_event" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
  }
}
