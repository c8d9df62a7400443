import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Account } from '../accounts/entities';

/** A member's invite code (for "enter my code") and the key of their invite links. */
@Entity({ tableName: 'invite_code' })
export class InviteCode {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  account: Account;

  @Property({ type: 'text', unique: true })
  code: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum BindingSource {
  REGISTRATION = 'registration',
  INVITE_CODE = 'invite_code',
  INVITE_LINK = 'invite_link',
  SHARE_LINK = 'share_link',
}

/**
 * Who invited whom: one row per invitee (the primary key makes a second binding impossible),
 * never to oneself (check), only to a member and never into a loop (checked in the service under
 * a lock, against the closure table).
 */
@Entity({ tableName: 'referral_binding' })
@Check({ name: 'referral_binding_not_self', expression: 'invitee_id <> inviter_id' })
export class ReferralBinding {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  invitee: Account;

  @ManyToOne(() => Account, { index: true, deleteRule: 'restrict' })
  inviter: Account;

  @Enum({ items: () => BindingSource, nativeEnumName: 'binding_source' })
  source: BindingSource;

  @Property({ type: 'timestamptz' })
  boundAt: Date = new Date();
}

/**
 * The referral tree as a closure table: one row per (ancestor, descendant) pair with the distance
 * between them. Team size, members by level and team sales are then indexed range reads, fast
 * on trees of 10⁵ members and any depth.
 */
@Entity({ tableName: 'referral_path' })
@Index({ name: 'referral_path_descendant', properties: ['descendant', 'depth'] })
@Index({ name: 'referral_path_ancestor_depth', properties: ['ancestor', 'depth'] })
@Check({ name: 'referral_path_depth', expression: 'depth >= 1' })
export class ReferralPath {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  ancestor: Account;

  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  descendant: Account;

  @Property({ type: 'integer' })
  depth: number;
}

/**
 * Team figures, kept beside the closure table so a team of any size answers in one row read:
 * how many people are in each member's team, changed in the transaction that changes the tree.
 */
@Entity({ tableName: 'team_size' })
@Check({ name: 'team_size_not_negative', expression: 'size >= 0' })
export class TeamSize {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  member: Account;

  @Property({ type: 'integer' })
  size: number;
}

/**
 * What each order adds to its buyer's ancestors' team sales: the amount counted (paid less
 * refunded) and when it was paid. An order event counts the order again from the orders module's
 * figures and moves only the difference, so a repeated or late event changes nothing.
 */
@Entity({ tableName: 'team_order' })
@Index({ name: 'team_order_buyer', properties: ['buyerId', 'paidAt'] })
@Index({ name: 'team_order_paid', properties: ['paidAt'] })
export class TeamOrder {
  @PrimaryKey({ type: 'uuid' })
  orderId: string;

  @Property({ type: 'uuid' })
  buyerId: string;

  @Property({ type: 'timestamptz', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'bigint' })
  counted: string = '0';
}

/**
 * Team sales per member and hour (an hour of UTC, which is an hour of China time too): what
 * team_order counts for the member's team. Hours rather than days: a period's parts at either end
 * are summed from team_order, the platform's orders of those hours, so the shorter the bucket the
 * fewer orders a query reads there; a month of a team is 720 rows.
 */
@Entity({ tableName: 'team_sales_hour' })
export class TeamSalesHour {
  @ManyToOne(() => Account, { primary: true, deleteRule: 'cascade' })
  member: Account;

  @PrimaryKey({ type: 'timestamptz' })
  hour: Date;

  @Property({ type: 'bigint' })
  sales: string;
}
