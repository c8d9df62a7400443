import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { ConnectionType, PageArgs } from '../../lib/pagination';
import { BindingSource } from './entities';
import { ReferralErrorCode, referralErrorCodeDescriptions } from './errors';

registerEnumType(ReferralErrorCode, {
  name: 'ReferralErrorCode',
  description: 'Why binding to an inviter was refused.',
  valuesConfig: referralErrorCodeDescriptions,
});
registerEnumType(BindingSource, {
  name: 'BindingSource',
  description: 'How a customer came to be bound to their inviter.',
  valuesConfig: {
    REGISTRATION: { description: 'An invite code given when signing up.' },
    INVITE_CODE: { description: 'An invite code typed in after signing up.' },
    INVITE_LINK: { description: 'An invite link the customer arrived through.' },
    SHARE_LINK: { description: "A member's share link (of a shop or product) the customer arrived through." },
  },
});

/** How the storefront got the invite code it passes to bindInviter. */
export enum InviteChannel {
  INVITE_CODE = 'invite_code',
  INVITE_LINK = 'invite_link',
}
registerEnumType(InviteChannel, {
  name: 'InviteChannel',
  description: 'How the customer gave the invite code.',
  valuesConfig: {
    INVITE_CODE: { description: 'Typed in ("enter my code").' },
    INVITE_LINK: { description: 'Carried by an invite link (its linkToken) the customer arrived through.' },
  },
});

@ObjectType('InviteCode', { description: "A member's invite code and the token of their invite links." })
export class InviteCodeType {
  @Field({
    description: 'The code to tell friends: 6 to 8 upper-case letters and digits without look-alikes (no 0/O, 1/I/L); case does not matter when typed.',
  })
  code: string;

  @Field({ description: 'What an invite link carries (e.g. https://your.shop/invite?c=<linkToken>); pass it to bindInviter with via: INVITE_LINK.' })
  linkToken: string;

  @Field(() => GraphQLDateTimeISO, { description: 'When the code was made.' })
  createdAt: Date;
}

@ObjectType({ description: 'Who invited a customer, as the customer may see them: a name and an avatar, no contact details.' })
export class Inviter {
  @Field({ description: "The inviter's display name." })
  displayName: string;

  @Field(() => String, { nullable: true, description: "The inviter's avatar (their shop's); null when they have none." })
  avatarUrl: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the binding was made (or last moved, when the last link wins).' })
  boundAt: Date;

  @Field(() => BindingSource, { description: 'How the binding was made.' })
  source: BindingSource;
}

@ObjectType({ description: 'Someone in your team, as you may see them: a name and an avatar, no contact details.' })
export class TeamMember {
  @Field(() => ID, { description: "Their account's global ID (a stable key; node(id:) does not show other people's accounts)." })
  id: string;

  @Field({ description: 'Display name.' })
  displayName: string;

  @Field(() => String, { nullable: true, description: "Avatar (their shop's); null when they have none." })
  avatarUrl: string | null;

  @Field({ description: 'Whether they are a member (can invite in turn and has a shop).' })
  isMember: boolean;

  @Field(() => Int, { description: 'Levels below you: 1 for your direct invitees, 2 for theirs, and so on.' })
  depth: number;

  @Field(() => GraphQLDateTimeISO, { description: 'When they were bound to their inviter.' })
  boundAt: Date;
}

export const TeamMemberConnection = ConnectionType(TeamMember, 'TeamMember', 'team member');

@ObjectType({ description: 'How many team members one level holds.' })
export class TeamLevel {
  @Field(() => Int, { description: 'Levels below you: 1 for your direct invitees.' })
  depth: number;

  @Field(() => Int, { description: 'Team members at this level.' })
  count: number;
}

@ObjectType({ description: 'Your team (团队): everyone you invited, everyone they invited, and so on, however deep.' })
export class Team {
  /** Whose team: set by the query that returns it, never from the client. */
  accountId: string;
}

/** The deepest team level a listing may ask for: far deeper than any referral chain grows in practice. */
export const MAX_TEAM_DEPTH = 1000;

@ArgsType()
export class TeamMembersArgs extends PageArgs {
  @Field(() => Int, { nullable: true, ...range(1, MAX_TEAM_DEPTH, 'Only this level (1 = direct invitees); omitted: every level, shallowest first.') })
  depth?: number | null;
}

@ObjectType({ description: 'A refused referral mutation.', implements: UserError })
export class ReferralUserError extends UserError {
  @Field(() => ReferralErrorCode, { description: 'What kind of failure this is.' })
  code: ReferralErrorCode;
}

@ObjectType({ description: 'Result of binding to an inviter.' })
export class BindInviterPayload {
  @Field(() => Inviter, { nullable: true, description: 'Your inviter now; null when refused.' })
  inviter: Inviter | null;

  @Field(() => [ReferralUserError], { description: 'Why it was refused (e.g. ALREADY_BOUND, BINDING_LOOP); empty on success.' })
  userErrors: ReferralUserError[];
}
