import { Migration } from '@mikro-orm/migrations';

/** Mass lotteries: campaigns with a committed seed, prize tiers, participants (entries allowed and used, inviters), entries with their tickets and prizes. */
export class Migration20261207011000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "lottery_campaign_status" as enum ('draft', 'open', 'drawn', 'cancelled');`);
    this.addSql(
      `create table "lottery_campaign" ("id" uuid not null, "name" text not null, "status" "lottery_campaign_status" not null default 'draft', "starts_at" timestamptz not null, "deadline" timestamptz not null, "entry_cap" int null, "entries" int not null default 0, "invite_entries_cap" int not null default 0, "consolation_template_id" uuid null, "storefront_app_ids" text[] not null default '{}', "seed" text not null, "seed_commitment" text not null, "drawn_at" timestamptz null, "created_at" timestamptz not null, constraint "lottery_campaign_pkey" primary key ("id"), constraint lottery_campaign_drawn check ((status = 'drawn') = (drawn_at is not null)), constraint lottery_campaign_invites check (invite_entries_cap >= 0 and invite_entries_cap <= 100), constraint lottery_campaign_entries check (entries >= 0 and (entry_cap is null or (entry_cap >= 1 and entries <= entry_cap))), constraint lottery_campaign_window check (deadline > starts_at));`,
    );
    this.addSql(`create index "lottery_campaign_consolation_template_id_index" on "lottery_campaign" ("consolation_template_id");`);
    this.addSql(`create index "lottery_campaign_open" on "lottery_campaign" ("deadline") where "status" = 'open';`);
    this.addSql(`create index "lottery_campaign_created" on "lottery_campaign" ("created_at", "id");`);
    this.addSql(
      `create table "lottery_prize" ("id" uuid not null, "campaign_id" uuid not null, "rank" int not null, "name" text not null, "template_id" uuid not null, "winners" int not null, constraint "lottery_prize_pkey" primary key ("id"), constraint lottery_prize_winners check (winners >= 1 and winners <= 10000 and rank >= 1 and rank <= 20));`,
    );
    this.addSql(`create index "lottery_prize_template_id_index" on "lottery_prize" ("template_id");`);
    this.addSql(`alter table "lottery_prize" add constraint "lottery_prize_rank" unique ("campaign_id", "rank");`);
    this.addSql(
      `create table "lottery_participant" ("campaign_id" uuid not null, "customer_id" uuid not null, "allowed" int not null default 1, "used" int not null default 0, "invites" int not null default 0, "invited_by_id" uuid null, "consolation_coupon_id" uuid null, "created_at" timestamptz not null, constraint "lottery_participant_pkey" primary key ("campaign_id", "customer_id"), constraint lottery_participant_not_self check (invited_by_id is null or invited_by_id <> customer_id), constraint lottery_participant_entries check (used >= 0 and used <= allowed and invites >= 0));`,
    );
    this.addSql(`create index "lottery_participant_customer_id_index" on "lottery_participant" ("customer_id");`);
    this.addSql(`create index "lottery_participant_invited_by_id_index" on "lottery_participant" ("invited_by_id");`);
    this.addSql(
      `create table "lottery_entry" ("id" uuid not null, "campaign_id" uuid not null, "customer_id" uuid not null, "number" int not null, "ticket" bigint null, "prize_id" uuid null, "coupon_id" uuid null, "created_at" timestamptz not null, constraint "lottery_entry_pkey" primary key ("id"), constraint lottery_entry_number_positive check (number >= 1));`,
    );
    this.addSql(`create index "lottery_entry_prize_id_index" on "lottery_entry" ("prize_id");`);
    this.addSql(`create index "lottery_entry_customer_created" on "lottery_entry" ("customer_id", "created_at", "id");`);
    this.addSql(`create index "lottery_entry_campaign_created" on "lottery_entry" ("campaign_id", "created_at", "id");`);
    this.addSql(`alter table "lottery_entry" add constraint "lottery_entry_number" unique ("campaign_id", "customer_id", "number");`);
    this.addSql(
      `alter table "lottery_campaign" add constraint "lottery_campaign_consolation_template_id_foreign" foreign key ("consolation_template_id") references "coupon_template" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "lottery_prize" add constraint "lottery_prize_campaign_id_foreign" foreign key ("campaign_id") references "lottery_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lottery_prize" add constraint "lottery_prize_template_id_foreign" foreign key ("template_id") references "coupon_template" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "lottery_participant" add constraint "lottery_participant_campaign_id_foreign" foreign key ("campaign_id") references "lottery_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lottery_participant" add constraint "lottery_participant_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lottery_participant" add constraint "lottery_participant_invited_by_id_foreign" foreign key ("invited_by_id") references "account" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "lottery_entry" add constraint "lottery_entry_campaign_id_foreign" foreign key ("campaign_id") references "lottery_campaign" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lottery_entry" add constraint "lottery_entry_customer_id_foreign" foreign key ("customer_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lottery_entry" add constraint "lottery_entry_prize_id_foreign" foreign key ("prize_id") references "lottery_prize" ("id") on update cascade on delete restrict;`,
    );
  }
}
