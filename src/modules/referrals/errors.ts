/** Why binding a customer to an inviter was refused. */
export enum ReferralErrorCode {
  /** No member has this invite code. */
  INVITE_CODE_NOT_FOUND = 'INVITE_CODE_NOT_FOUND',
  /** The code is the caller's own. */
  SELF_BINDING = 'SELF_BINDING',
  /** The inviter is in the caller's own team: the binding would close a loop. */
  BINDING_LOOP = 'BINDING_LOOP',
  /** The code belongs to an account that is not a member (any more). */
  INVITER_NOT_MEMBER = 'INVITER_NOT_MEMBER',
  /** The caller already has an inviter, and the binding mode keeps the first one. */
  ALREADY_BOUND = 'ALREADY_BOUND',
  /** The binding mode binds only through an invite code given at registration. */
  ONLY_AT_REGISTRATION = 'ONLY_AT_REGISTRATION',
}

/** What each ReferralErrorCode means, for the schema. */
export const referralErrorCodeDescriptions: Record<keyof typeof ReferralErrorCode, { description: string }> = {
  INVITE_CODE_NOT_FOUND: { description: 'No member has this invite code.' },
  SELF_BINDING: { description: "The invite code is the caller's own." },
  BINDING_LOOP: { description: "The inviter is in the caller's own team: the binding would close a loop." },
  INVITER_NOT_MEMBER: { description: 'The code belongs to an account that is not a member (any more).' },
  ALREADY_BOUND: { description: 'The caller already has an inviter, and the binding mode keeps the first one.' },
  ONLY_AT_REGISTRATION: { description: 'The binding mode binds only through an invite code given at registration.' },
};
