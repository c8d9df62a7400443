import { Migration } from '@mikro-orm/migrations';

export class Migration20261124033810 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "order_status" as enum ('pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled');`);
    this.addSql(
      `create table "order_settings" ("id" int not null default 1, "shipping_flat_fee" int not null default 1000, "free_shipping_threshold" int null default 9900, "unpaid_timeout_minutes" int not null default 30, "auto_receive_days" int not null default 10, "after_sale_days" int not null default 7, "updated_at" timestamptz not null, constraint "order_settings_pkey" primary key ("id"), constraint order_settings_valid check (shipping_flat_fee >= 0 and (free_shipping_threshold is null or free_shipping_threshold >= 0) and unpaid_timeout_minutes > 0 and auto_receive_days > 0 and after_sale_days >= 0), constraint order_settings_single_row check (id = 1));`,
    );

    this.addSql(
      `create table "customer_order" ("id" uuid not null, "number" text not null, "customer_id" uuid not null, "storefront_app_id" uuid not null, "status" "order_status" not null default 'pending_payment', "subtotal" int not null, "discount_total" int not null default 0, "shipping_fee" int not null default 0, "total" int not null, "refunded_total" int not null default 0, "adjustments" jsonb not null, "ship_name" text not null, "ship_phone" text not null, "ship_region" text not null, "ship_detail" text not null, "placed_at" timestamptz not null, "payment_due_at" timestamptz not null, "paid_at" timestamptz null, "shipped_at" timestamptz null, "carrier" text null, "tracking_number" text null, "received_at" timestamptz null, "completed_at" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" text null, "updated_at" timestamptz not null, constraint "customer_order_pkey" primary key ("id"), constraint order_refund_within_total check (refunded_total >= 0 and refunded_total <= total), constraint order_amounts_non_negative check (subtotal >= 0 and discount_total >= 0 and shipping_fee >= 0 and total >= 0), constraint order_total_adds_up check (total = subtotal - discount_total + shipping_fee));`,
    );
    this.addSql(`alter table "customer_order" add constraint "customer_order_number_unique" unique ("number");`);
    this.addSql(`create index "customer_order_storefront_app_id_index" on "customer_order" ("storefront_app_id");`);
    this.addSql(`create index "customer_order_status_index" on "customer_order" ("status");`);
    this.addSql(`create index "order_unpaid_due" on "customer_order" ("payment_due_at") where "status" = 'pending_payment';`);
    this.addSql(`create index "order_placed" on "customer_order" ("placed_at", "id");`);
    this.addSql(`create index "order_customer_placed" on "customer_order" ("customer_id", "placed_at", "id");`);

    this.addSql(
      `create table "order_line" ("id" uuid not null, "order_id" uuid not null, "sku_id" uuid not null, "product_id" uuid not null, "product_name" text not null, "sku_code" text not null, "specs" jsonb not null, "unit_price" int not null, "price_reason" text not null, "quantity" int not null, "discount" int not null default 0, "total" int not null, "refunded_quantity" int not null default 0, "refunded_amount" int not null default 0, constraint "order_line_pkey" primary key ("id"), constraint order_line_refund_within check (refunded_quantity >= 0 and refunded_quantity <= quantity and refunded_amount >= 0 and refunded_amount <= total), constraint order_line_amounts check (quantity > 0 and unit_price >= 0 and discount >= 0 and total = unit_price * quantity - discount and total >= 0));`,
    );
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);
    this.addSql(`create index "order_line_sku_id_index" on "order_line" ("sku_id");`);
    this.addSql(`create index "order_line_product_id_index" on "order_line" ("product_id");`);

    this.addSql(
      `create table "order_event" ("id" bigserial primary key, "order_id" uuid not null, "type" text not null, "payload" jsonb not null, "created_at" timestamptz not null, "delivered_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(`create index "order_event_order_id_index" on "order_event" ("order_id");`);
    this.addSql(`create index "order_event_pending" on "order_event" ("order_id", "id") where "delivered_at" is null;`);

    this.addSql(
      `create table "cart" ("id" uuid not null, "storefront_app_id" uuid not null, "customer_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "cart_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "cart_storefront_app_id_index" on "cart" ("storefront_app_id");`);
    this.addSql(`create index "cart_customer_id_index" on "cart" ("customer_id");`);
    this.addSql(`create index "cart_updated_at_index" on "cart" ("updated_at");`);
    this.addSql(`create unique index "cart_customer_channel" on "cart" ("customer_id", "storefront_app_id") where "customer_id" is not null;`);

    this.addSql(
      `create table "cart_line" ("id" uuid not null, "cart_id" uuid not null, "sku_id" uuid not null, "quantity" int not null, "created_at" timestamptz not null, constraint "cart_line_pkey" primary key ("id"), constraint cart_line_quantity check (quantity >= 1 and quantity <= 999));`,
    );
    this.addSql(`create index "cart_line_cart_id_index" on "cart_line" ("cart_id");`);
    this.addSql(`create index "cart_line_sku_id_index" on "cart_line" ("sku_id");`);
    this.addSql(`alter table "cart_line" add constraint "cart_line_sku" unique ("cart_id", "sku_id");`);

    this.addSql(
      `alter table "customer_order" add constraint "customer_order_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "customer_order" add constraint "customer_order_storefront_app_id_foreign" foreign key ("storefront_app_id") references "storefront_app" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cart" add constraint "cart_storefront_app_id_foreign" foreign key ("storefront_app_id") references "storefront_app" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cart" add constraint "cart_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cart_line" add constraint "cart_line_cart_id_foreign" foreign key ("cart_id") references "cart" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cart_line" add constraint "cart_line_sku_id_foreign" foreign key ("sku_id") references "sku" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);

    this.addSql(`alter table "order_event" drop constraint "order_event_order_id_foreign";`);

    this.addSql(`alter table "cart_line" drop constraint "cart_line_cart_id_foreign";`);

    this.addSql(`drop table if exists "order_settings" cascade;`);

    this.addSql(`drop table if exists "customer_order" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);

    this.addSql(`drop table if exists "order_event" cascade;`);

    this.addSql(`drop table if exists "cart" cascade;`);

    this.addSql(`drop table if exists "cart_line" cascade;`);

    this.addSql(`drop type "order_status";`);
  }
}
