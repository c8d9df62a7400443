import { Migration } from '@mikro-orm/migrations';

export class Migration20261124064957 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "order_line" add column "list_price" int null;`);
    this.addSql(`alter table "order_line" add constraint order_line_list_price check(list_price is null or list_price >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_line" drop constraint order_line_list_price;`);
    this.addSql(`alter table "order_line" drop column "list_price";`);
  }
}
