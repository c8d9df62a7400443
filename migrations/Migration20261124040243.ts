import { Migration } from '@mikro-orm/migrations';

export class Migration20261124040243 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "payment_status" as enum ('pending', 'succeeded', 'failed', 'refunded');`);
    this.addSql(`create type "refund_kind" as enum ('order', 'unapplied_payment');`);
    this.addSql(`create type "after_sale_status" as enum ('open', 'approved', 'rejected');`);
    this.addSql(
      `create table "payment" ("id" uuid not null, "order_id" uuid not null, "provider" text not null, "provider_payment_id" text not null, "amount" int not null, "refunded_amount" int not null default 0, "status" "payment_status" not null default 'pending', "redirect_url" text not null, "token" text not null, "created_at" timestamptz not null, "succeeded_at" timestamptz null, "failed_at" timestamptz null, constraint "payment_pkey" primary key ("id"), constraint payment_refunded_in_full check (status <> 'refunded' or refunded_amount = amount), constraint payment_succeeded_at check ((status = 'succeeded' or status = 'refunded') = (succeeded_at is not null)), constraint payment_amounts check (amount > 0 and refunded_amount >= 0 and refunded_amount <= amount));`,
    );
    this.addSql(`create index "payment_order_id_index" on "payment" ("order_id");`);
    this.addSql(`create unique index "payment_one_succeeded_per_order" on "payment" ("order_id") where "status" = 'succeeded';`);
    this.addSql(`alter table "payment" add constraint "payment_provider_payment" unique ("provider", "provider_payment_id");`);

    this.addSql(
      `create table "refund" ("id" uuid not null, "order_id" uuid not null, "payment_id" uuid not null, "sequence" int not null, "kind" "refund_kind" not null, "amount" int not null, "shipping_amount" int not null default 0, "reason" text not null, "provider_refund_id" text not null, "operator_id" uuid null, "created_at" timestamptz not null, constraint "refund_pkey" primary key ("id"), constraint refund_reason_length check (length(reason) >= 1 and length(reason) <= 200), constraint refund_amounts check (amount > 0 and shipping_amount >= 0 and shipping_amount <= amount and sequence >= 1));`,
    );
    this.addSql(`create index "refund_payment_id_index" on "refund" ("payment_id");`);
    this.addSql(`alter table "refund" add constraint "refund_provider_refund_id_unique" unique ("provider_refund_id");`);
    this.addSql(`create index "refund_operator_id_index" on "refund" ("operator_id");`);
    this.addSql(`alter table "refund" add constraint "refund_order_sequence" unique ("order_id", "sequence");`);

    this.addSql(
      `create table "refund_line" ("id" uuid not null, "refund_id" uuid not null, "order_line_id" uuid not null, "quantity" int not null, "amount" int not null, "restocked" boolean not null, constraint "refund_line_pkey" primary key ("id"), constraint refund_line_amounts check (quantity > 0 and amount >= 0));`,
    );
    this.addSql(`create index "refund_line_order_line_id_index" on "refund_line" ("order_line_id");`);
    this.addSql(`alter table "refund_line" add constraint "refund_line_once" unique ("refund_id", "order_line_id");`);

    this.addSql(
      `create table "after_sale_request" ("id" uuid not null, "order_id" uuid not null, "status" "after_sale_status" not null default 'open', "lines" jsonb null, "reason" text not null, "decision_reason" text null, "decided_by_id" uuid null, "decided_at" timestamptz null, "refund_id" uuid null, "created_at" timestamptz not null, constraint "after_sale_request_pkey" primary key ("id"), constraint after_sale_approved_has_refund check (status <> 'approved' or refund_id is not null), constraint after_sale_rejected_has_reason check (status <> 'rejected' or decision_reason is not null), constraint after_sale_decided check ((status = 'open') = (decided_at is null)), constraint after_sale_reason_length check (length(reason) >= 2 and length(reason) <= 200));`,
    );
    this.addSql(`create index "after_sale_request_order_id_index" on "after_sale_request" ("order_id");`);
    this.addSql(`create index "after_sale_request_decided_by_id_index" on "after_sale_request" ("decided_by_id");`);
    this.addSql(`alter table "after_sale_request" add constraint "after_sale_request_refund_id_unique" unique ("refund_id");`);
    this.addSql(`create index "after_sale_created" on "after_sale_request" ("created_at", "id");`);
    this.addSql(`create index "after_sale_status_created" on "after_sale_request" ("status", "created_at", "id");`);
    this.addSql(`create unique index "after_sale_one_open_per_order" on "after_sale_request" ("order_id") where "status" = 'open';`);

    this.addSql(
      `alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "refund" add constraint "refund_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "refund" add constraint "refund_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "refund" add constraint "refund_operator_id_foreign" foreign key ("operator_id") references "account" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "refund_line" add constraint "refund_line_refund_id_foreign" foreign key ("refund_id") references "refund" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "refund_line" add constraint "refund_line_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "after_sale_request" add constraint "after_sale_request_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "after_sale_request" add constraint "after_sale_request_decided_by_id_foreign" foreign key ("decided_by_id") references "account" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "after_sale_request" add constraint "after_sale_request_refund_id_foreign" foreign key ("refund_id") references "refund" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refund" drop constraint "refund_payment_id_foreign";`);

    this.addSql(`alter table "refund_line" drop constraint "refund_line_refund_id_foreign";`);

    this.addSql(`alter table "after_sale_request" drop constraint "after_sale_request_refund_id_foreign";`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "refund" cascade;`);

    this.addSql(`drop table if exists "refund_line" cascade;`);

    this.addSql(`drop table if exists "after_sale_request" cascade;`);

    this.addSql(`drop type "payment_status";`);
    this.addSql(`drop type "refund_kind";`);
    this.addSql(`drop type "after_sale_status";`);
  }
}
