import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems, range } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { ApplicationStatus, BindingMode, MembershipMode, MembershipSource } from './entities';
import { MembershipErrorCode, membershipErrorCodeDescriptions } from './errors';
import { MAX_MESSAGE_LENGTH } from './applications';
import { MAX_PLAN_NAME_LENGTH } from './plans';
import { MAX_DURATION_DAYS, MAX_REASON_LENGTH } from './service';
import { MAX_ATTRIBUTION_WINDOW_DAYS, MIN_ATTRIBUTION_WINDOW_DAYS } from './settings';

registerEnumType(MembershipMode, {
  name: 'MembershipMode',
  description: 'How customers become members.',
  valuesConfig: {
    EVERYONE: { description: 'Buying a membership package makes a member; operators may also grant membership.' },
    APPLICATION: { description: 'Customers apply and an operator approves; packages and grants work too.' },
    APPOINTED: { description: 'Only operators make members (grantMembership); packages bought in this mode make no member.' },
  },
});
registerEnumType(BindingMode, {
  name: 'BindingMode',
  description: 'How a customer gets bound to an inviter.',
  valuesConfig: {
    FIRST_VALID: { description: 'The first valid binding is permanent (the default).' },
    REGISTRATION_ONLY: { description: 'Only at registration, with an invite code entered when signing up.' },
    LAST_LINK: { description: 'The latest invite link the customer arrives through moves the binding.' },
  },
});
registerEnumType(MembershipSource, {
  name: 'MembershipSource',
  description: 'How a membership came about.',
  valuesConfig: {
    PURCHASE: { description: "Bought: a paid order with the plan's package product." },
    APPLICATION: { description: "An operator approved the customer's application." },
    GRANT: { description: 'Granted by an operator.' },
  },
});
registerEnumType(ApplicationStatus, {
  name: 'MembershipApplicationStatus',
  description: 'Where a membership application is.',
  valuesConfig: {
    PENDING: { description: "Waiting for an operator's decision." },
    APPROVED: { description: 'Approved: the membership opened.' },
    REJECTED: { description: 'Rejected, with a reason.' },
  },
});
registerEnumType(MembershipErrorCode, {
  name: 'MembershipErrorCode',
  description: 'Why a membership, membership plan, application or member-programme settings mutation was refused.',
  valuesConfig: membershipErrorCodeDescriptions,
});

@ObjectType('MemberProgramSettings', {
  description: "The member programme's settings: how customers become members, how they are bound to inviters, how long a share link attributes sales.",
})
export class MemberProgramSettingsType {
  @Field(() => MembershipMode, { description: 'How customers become members.' })
  membershipMode: MembershipMode;

  @Field(() => BindingMode, { description: 'How a customer gets bound to an inviter.' })
  bindingMode: BindingMode;

  @Field(() => Int, { description: "Days a share link's touch attributes an order placed after it." })
  attributionWindowDays: number;
}

@ObjectType('MembershipPlan', {
  description: 'A membership plan: bought as a package product, or used when an operator grants membership or approves an application.',
  implements: Node,
})
export class MembershipPlanType extends Node {
  dbId: string;
  packageProductDbId: string | null;

  @Field({ description: 'Name, e.g. "¥399 gift pack membership".' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'Days a membership of this plan lasts from when it opens; null: it never lapses.' })
  durationDays: number | null;

  @Field({ description: 'Whether the plan makes new members: buying the package of an inactive plan makes no member, and grants and approvals cannot use it.' })
  active: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When the plan was created.' })
  createdAt: Date;
}

@ObjectType('Membership', {
  description: "A period of membership of an account. An account has at most one open membership; while it is open the account's role is MEMBER.",
  implements: Node,
})
export class MembershipType extends Node {
  dbId: string;
  accountDbId: string;
  planDbId: string | null;

  @Field(() => MembershipSource, { description: 'How it came about.' })
  source: MembershipSource;

  @Field(() => ID, { nullable: true, description: 'The paid order that bought it (source PURCHASE), for `order(id:)`; null otherwise.' })
  orderId: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it opened.' })
  startedAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it lapses by itself (ended by the sweep within about a minute); null: never.' })
  endsAt: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When it ended; null while open.' })
  endedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why it ended: "lapsed", "order <number> refunded", "order <number> cancelled" or "revoked: <the operator\'s reason>"; null while open.',
  })
  endReason: string | null;

  @Field({ description: 'true while open (not ended).' })
  isOpen: boolean;
}

@ObjectType('MembershipApplication', {
  description: "A customer's application for membership (mode APPLICATION). One pending application per account.",
  implements: Node,
})
export class MembershipApplicationType extends Node {
  dbId: string;
  accountDbId: string;

  @Field(() => ApplicationStatus, { description: 'Where it is.' })
  status: ApplicationStatus;

  @Field({ description: 'What the applicant wrote (may be empty).' })
  message: string;

  @Field(() => String, { nullable: true, description: 'Why it was rejected; null unless REJECTED.' })
  rejectionReason: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was sent.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When an operator decided; null while PENDING.' })
  reviewedAt: Date | null;
}

export const MembershipPlanConnection = ConnectionType(MembershipPlanType, 'MembershipPlan', 'membership plan');
export const MembershipConnection = ConnectionType(MembershipType, 'Membership', 'membership');
export const MembershipApplicationConnection = ConnectionType(MembershipApplicationType, 'MembershipApplication', 'membership application');

@ObjectType({ description: 'A refused membership, plan, application or member-programme settings mutation.', implements: UserError })
export class MembershipUserError extends UserError {
  @Field(() => MembershipErrorCode, { description: 'What kind of failure this is.' })
  code: MembershipErrorCode;
}

@ObjectType({ description: "Result of changing the member programme's settings." })
export class MemberProgramSettingsPayload {
  @Field(() => MemberProgramSettingsType, { nullable: true, description: 'The settings now; null when refused.' })
  settings: MemberProgramSettingsType | null;

  @Field(() => [MembershipUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: MembershipUserError[];
}

@ObjectType({ description: 'Result of creating or changing a membership plan.' })
export class MembershipPlanPayload {
  @Field(() => MembershipPlanType, { nullable: true, description: 'The plan as it is now; null when refused.' })
  plan: MembershipPlanType | null;

  @Field(() => [MembershipUserError], { description: 'Why it was refused (e.g. PACKAGE_PRODUCT_TAKEN); empty on success.' })
  userErrors: MembershipUserError[];
}

@ObjectType({ description: 'Result of deleting a membership plan.' })
export class DeleteMembershipPlanPayload {
  @Field(() => ID, { nullable: true, description: "The deleted plan's id; null when refused." })
  deletedPlanId: string | null;

  @Field(() => [MembershipUserError], { description: 'Why it was refused (e.g. PLAN_IN_USE); empty on success.' })
  userErrors: MembershipUserError[];
}

@ObjectType({ description: 'Result of granting or revoking a membership.' })
export class MembershipPayload {
  @Field(() => MembershipType, { nullable: true, description: 'The membership opened or ended; null when refused.' })
  membership: MembershipType | null;

  @Field(() => [MembershipUserError], { description: 'Why it was refused (e.g. ALREADY_MEMBER, NOT_A_MEMBER); empty on success.' })
  userErrors: MembershipUserError[];
}

@ObjectType({ description: 'Result of applying for membership, or of deciding an application.' })
export class MembershipApplicationPayload {
  @Field(() => MembershipApplicationType, { nullable: true, description: 'The application as it is now; null when refused.' })
  application: MembershipApplicationType | null;

  @Field(() => [MembershipUserError], { description: 'Why it was refused (e.g. APPLICATIONS_CLOSED, APPLICATION_PENDING); empty on success.' })
  userErrors: MembershipUserError[];
}

@InputType({ description: "Changes to the member programme's settings; omitted fields stay as they are." })
export class MemberProgramSettingsInput {
  @Field(() => MembershipMode, { nullable: true, description: 'How customers become members from now on; memberships already open stay.' })
  membershipMode?: MembershipMode | null;

  @Field(() => BindingMode, { nullable: true, description: 'How customers get bound to inviters from now on; bindings already made stay.' })
  bindingMode?: BindingMode | null;

  @Field(() => Int, { nullable: true, ...range(MIN_ATTRIBUTION_WINDOW_DAYS, MAX_ATTRIBUTION_WINDOW_DAYS, "Days a share link's touch attributes an order.") })
  attributionWindowDays?: number | null;
}

@InputType({ description: 'A new membership plan.' })
export class MembershipPlanCreateInput {
  @Field(maxChars(MAX_PLAN_NAME_LENGTH, 'Name, not blank.'))
  name: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The package product (any catalog product, e.g. a ¥399 gift pack): a paid order with it opens a membership of this plan. At most one plan per product.',
  })
  packageProductId?: string | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_DURATION_DAYS, 'Days a membership of this plan lasts; omitted or null: it never lapses.') })
  durationDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the plan makes new members (default true).' })
  active?: boolean | null;
}

@InputType({ description: 'Changes to a membership plan; omitted fields stay as they are. Memberships already open keep their end.' })
export class MembershipPlanUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_PLAN_NAME_LENGTH, 'Name, not blank.') })
  name?: string | null;

  @Field(() => ID, { nullable: true, description: 'The package product; null: the plan is no longer bought as a package.' })
  packageProductId?: string | null;

  @Field(() => Int, { nullable: true, ...range(1, MAX_DURATION_DAYS, 'Days a new membership of this plan lasts; null: it never lapses.') })
  durationDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the plan makes new members.' })
  active?: boolean | null;
}

@InputType({ description: 'Filters of the membership plan list.' })
export class MembershipPlanFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) plans.' })
  active?: boolean | null;
}

@InputType({ description: 'Filters of the membership list.' })
export class MembershipFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'Only open (true) or ended (false) memberships.' })
  isOpen?: boolean | null;

  @Field(() => [MembershipSource], { nullable: true, ...maxItems(Object.keys(MembershipSource).length, 'Only memberships that came about in these ways.') })
  sources?: MembershipSource[] | null;

  @Field(() => ID, { nullable: true, description: "Only this account's memberships." })
  accountId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only memberships of this plan.' })
  planId?: string | null;
}

@InputType({ description: 'Filters of the membership application list.' })
export class MembershipApplicationFilterInput {
  @Field(() => [ApplicationStatus], {
    nullable: true,
    ...maxItems(Object.keys(ApplicationStatus).length, 'Only applications in these statuses, e.g. PENDING.'),
  })
  statuses?: ApplicationStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only this account's applications." })
  accountId?: string | null;
}

@InputType({ description: 'A membership application.' })
export class ApplyForMembershipInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_MESSAGE_LENGTH, 'A few words to the operator.') })
  message?: string | null;
}

@InputType({ description: 'An application to approve.' })
export class ApproveMembershipApplicationInput {
  @Field(() => ID, { description: 'The application, PENDING.' })
  applicationId: string;

  @Field(() => ID, { nullable: true, description: 'The plan of the membership (active); omitted: none.' })
  planId?: string | null;

  @Field(() => Int, {
    nullable: true,
    ...range(1, MAX_DURATION_DAYS, "Days the membership lasts; omitted: the plan's duration, or never lapsing without a plan."),
  })
  durationDays?: number | null;
}

@InputType({ description: 'An application to reject.' })
export class RejectMembershipApplicationInput {
  @Field(() => ID, { description: 'The application, PENDING.' })
  applicationId: string;

  @Field(maxChars(MAX_REASON_LENGTH, 'Why (at least 2 characters); the applicant sees it.'))
  reason: string;
}

@InputType({ description: 'A membership to grant.' })
export class GrantMembershipInput {
  @Field(() => ID, { description: "The customer's account; it must have no open membership." })
  accountId: string;

  @Field(() => ID, { nullable: true, description: 'The plan of the membership (active); omitted: none.' })
  planId?: string | null;

  @Field(() => Int, {
    nullable: true,
    ...range(1, MAX_DURATION_DAYS, "Days the membership lasts; omitted: the plan's duration, or never lapsing without a plan."),
  })
  durationDays?: number | null;
}

@InputType({ description: 'A membership to end.' })
export class RevokeMembershipInput {
  @Field(() => ID, { description: "The member's account." })
  accountId: string;

  @Field(maxChars(MAX_REASON_LENGTH, "Why (at least 2 characters); kept as the membership's end reason."))
  reason: string;
}
