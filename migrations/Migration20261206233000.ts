import { Migration } from '@mikro-orm/migrations';

/** Live checkout: live carts, per-customer purchases, live order lines, the session's time to pay, announced figures; order lines that hold no SKU stock. */
export class Migration20261206233000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "live_purchase" ("item_id" uuid not null, "customer_id" uuid not null, "units" int not null default 0, constraint "live_purchase_pkey" primary key ("item_id", "customer_id"), constraint live_purchase_units check (units >= 0));`,
    );
    this.addSql(`create index "live_purchase_customer" on "live_purchase" ("customer_id");`);

    this.addSql(
      `create table "live_order_line" ("order_line_id" uuid not null, "order_id" uuid not null, "session_id" uuid not null, "item_id" uuid not null, "customer_id" uuid not null, "quantity" int not null, "created_at" timestamptz not null, "returned_at" timestamptz null, constraint "live_order_line_pkey" primary key ("order_line_id"));`,
    );
    this.addSql(`create index "live_order_line_customer" on "live_order_line" ("customer_id");`);
    this.addSql(`create index "live_order_line_item" on "live_order_line" ("item_id");`);
    this.addSql(`create index "live_order_line_order" on "live_order_line" ("order_id");`);
    this.addSql(`create index "live_order_line_session" on "live_order_line" ("session_id", "order_id");`);

    this.addSql(
      `create table "live_cart_line" ("session_id" uuid not null, "customer_id" uuid not null, "item_id" uuid not null, "quantity" int not null, "added_at" timestamptz not null, constraint "live_cart_line_pkey" primary key ("session_id", "customer_id", "item_id"), constraint live_cart_line_quantity check (quantity >= 1 and quantity <= 999));`,
    );
    this.addSql(`create index "live_cart_line_item" on "live_cart_line" ("item_id");`);
    this.addSql(`create index "live_cart_line_customer" on "live_cart_line" ("customer_id");`);

    this.addSql(
      `alter table "live_purchase" add constraint "live_purchase_item_id_foreign" foreign key ("item_id") references "live_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_purchase" add constraint "live_purchase_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_order_line" add constraint "live_order_line_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_order_line" add constraint "live_order_line_item_id_foreign" foreign key ("item_id") references "live_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_order_line" add constraint "live_order_line_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "live_cart_line" add constraint "live_cart_line_session_id_foreign" foreign key ("session_id") references "live_session" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_cart_line" add constraint "live_cart_line_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "live_cart_line" add constraint "live_cart_line_item_id_foreign" foreign key ("item_id") references "live_item" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "order_line" add column "stock_from_sku" boolean not null default true;`);

    this.addSql(`alter table "live_session" add column "payment_window_minutes" int not null default 10;`);
    this.addSql(`alter table "live_session" add constraint live_session_payment_window check(payment_window_minutes >= 1 and payment_window_minutes <= 120);`);

    this.addSql(`alter table "live_item" add column "figures_version" int not null default 0;`);
    this.addSql(
      `create table "live_item_announced" ("item_id" uuid not null, "version" int not null, constraint "live_item_announced_pkey" primary key ("item_id"));`,
    );
    this.addSql(
      `alter table "live_item_announced" add constraint "live_item_announced_item_id_foreign" foreign key ("item_id") references "live_item" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "live_purchase" cascade;`);

    this.addSql(`drop table if exists "live_order_line" cascade;`);

    this.addSql(`drop table if exists "live_cart_line" cascade;`);

    this.addSql(`drop table if exists "live_item_announced" cascade;`);
    this.addSql(`alter table "live_item" drop column "figures_version";`);

    this.addSql(`alter table "live_session" drop constraint live_session_payment_window;`);
    this.addSql(`alter table "live_session" drop column "payment_window_minutes";`);

    this.addSql(`alter table "order_line" drop column "stock_from_sku";`);
  }
}
