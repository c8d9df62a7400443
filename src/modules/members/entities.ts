import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';
import { Account } from '../accounts/entities';
import { Product } from '../catalog/entities';

/** How customers become members — the operator's choice, as in the distribution systems members know. */
export enum MembershipMode {
  /** Buying a membership package (or an operator grant) makes a member. */
  EVERYONE = 'everyone',
  /** Customers apply; an operator approves. Packages and grants still work. */
  APPLICATION = 'application',
  /** Only operators appoint members. */
  APPOINTED = 'appointed',
}

/** How a customer gets bound to an inviter. */
export enum BindingMode {
  /** The first valid binding is permanent (default). */
  FIRST_VALID = 'first_valid',
  /** Only at registration (an invite code entered when signing up). */
  REGISTRATION_ONLY = 'registration_only',
  /** The latest invite link moves the binding. */
  LAST_LINK = 'last_link',
}

/** The member programme's settings: one row (id = 1). */
@Entity({ tableName: 'member_program_settings' })
@Check({ name: 'member_program_single_row', expression: 'id = 1' })
@Check({ name: 'member_program_window', expression: 'attribution_window_days >= 1 and attribution_window_days <= 90' })
export class MemberProgramSettings {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id: number = 1;

  @Enum({ items: () => MembershipMode, nativeEnumName: 'membership_mode', default: MembershipMode.EVERYONE })
  membershipMode: MembershipMode = MembershipMode.EVERYONE;

  @Enum({ items: () => BindingMode, nativeEnumName: 'binding_mode', default: BindingMode.FIRST_VALID })
  bindingMode: BindingMode = BindingMode.FIRST_VALID;

  /** A share link's touch attributes an order placed within this many days. */
  @Property({ type: 'integer', default: 7 })
  attributionWindowDays: number = 7;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A membership plan; buying its package product through the normal order flow makes a member. */
@Entity({ tableName: 'membership_plan' })
@Check({ name: 'membership_plan_duration', expression: 'duration_days is null or duration_days > 0' })
export class MembershipPlan {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  /** The package product (e.g. a ¥399 gift pack); null for plans only granted or approved. */
  @ManyToOne(() => Product, { nullable: true, unique: true, deleteRule: 'restrict' })
  packageProduct: Product | null = null;

  /** null = does not expire. */
  @Property({ type: 'integer', nullable: true })
  durationDays: number | null = null;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum MembershipSource {
  PURCHASE = 'purchase',
  APPLICATION = 'application',
  GRANT = 'grant',
}

/**
 * A period of membership. At most one is open per account (ended_at is null), enforced by a
 * partial unique index; the account's role follows it in the same transaction.
 */
@Entity({ tableName: 'membership' })
@Index({ name: 'membership_one_open', expression: 'create unique index "membership_one_open" on "membership" ("account_id") where "ended_at" is null' })
@Index({
  name: 'membership_lapsing',
  expression: 'create index "membership_lapsing" on "membership" ("ends_at") where "ended_at" is null and "ends_at" is not null',
})
export class Membership {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  account: Account;

  @ManyToOne(() => MembershipPlan, { nullable: true, index: true, deleteRule: 'restrict' })
  plan: MembershipPlan | null = null;

  @Enum({ items: () => MembershipSource, nativeEnumName: 'membership_source' })
  source: MembershipSource;

  /** The paid order that bought it (source = purchase). */
  @Property({ type: 'uuid', nullable: true, index: true })
  orderId: string | null = null;

  @Property({ type: 'timestamptz' })
  startedAt: Date = new Date();

  /** When it lapses by itself; null = never. */
  @Property({ type: 'timestamptz', nullable: true })
  endsAt: Date | null = null;

  /** When it actually ended (lapsed, refunded, revoked); null while open. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  endReason: string | null = null;
}

export enum ApplicationStatus {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
}

/** A customer's application for membership (mode = application); one pending at a time. */
@Entity({ tableName: 'membership_application' })
@Index({
  name: 'membership_application_one_pending',
  expression: `create unique index "membership_application_one_pending" on "membership_application" ("account_id") where "status" = 'pending'`,
})
@Index({ name: 'membership_application_status', properties: ['status', 'createdAt'] })
export class MembershipApplication {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { index: true, deleteRule: 'cascade' })
  account: Account;

  @Enum({ items: () => ApplicationStatus, nativeEnumName: 'membership_application_status', default: ApplicationStatus.PENDING })
  status: ApplicationStatus = ApplicationStatus.PENDING;

  @Property({ type: 'text', default: '' })
  message: string = '';

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  reviewedBy: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null = null;
}
