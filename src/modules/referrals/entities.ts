import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
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
