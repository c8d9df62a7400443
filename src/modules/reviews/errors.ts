/** Why a review, follow-up, hide or reply was refused. */
export enum ReviewErrorCode {
  LINE_NOT_FOUND = 'LINE_NOT_FOUND',
  NOT_RECEIVED = 'NOT_RECEIVED',
  LINE_REFUNDED = 'LINE_REFUNDED',
  ALREADY_REVIEWED = 'ALREADY_REVIEWED',
  INVALID_RATING = 'INVALID_RATING',
  TEXT_TOO_LONG = 'TEXT_TOO_LONG',
  TOO_MANY_IMAGES = 'TOO_MANY_IMAGES',
  INVALID_IMAGE_URL = 'INVALID_IMAGE_URL',
  REVIEW_NOT_FOUND = 'REVIEW_NOT_FOUND',
  EMPTY_FOLLOW_UP = 'EMPTY_FOLLOW_UP',
  ALREADY_FOLLOWED_UP = 'ALREADY_FOLLOWED_UP',
  FOLLOW_UP_CLOSED = 'FOLLOW_UP_CLOSED',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_REPLY = 'INVALID_REPLY',
}

/** What each ReviewErrorCode means, for the schema. */
export const reviewErrorCodeDescriptions: Record<keyof typeof ReviewErrorCode, { description: string }> = {
  LINE_NOT_FOUND: { description: "No order line of the caller's has this id (another buyer's line answers the same, so ids reveal nothing)." },
  NOT_RECEIVED: { description: 'The order has not been received yet (it is not RECEIVED or COMPLETED): a line is reviewed once its goods arrived.' },
  LINE_REFUNDED: { description: 'Every unit of the line has been refunded: there is nothing kept to review.' },
  ALREADY_REVIEWED: { description: 'The line already has its review: a line is reviewed once (add a follow-up to say more).' },
  INVALID_RATING: { description: 'The rating is not a whole number of stars from 1 to 5.' },
  TEXT_TOO_LONG: { description: 'The text is longer than 1,000 characters.' },
  TOO_MANY_IMAGES: { description: 'More than 9 image URLs.' },
  INVALID_IMAGE_URL: { description: 'An image URL is not an absolute http or https URL of at most 500 characters (field names its index).' },
  REVIEW_NOT_FOUND: { description: "No review (of the caller's, for a follow-up) has this id." },
  EMPTY_FOLLOW_UP: { description: 'A follow-up review needs text.' },
  ALREADY_FOLLOWED_UP: { description: 'The review already has its follow-up: there is one per review.' },
  FOLLOW_UP_CLOSED: { description: 'The review is more than 30 days old: the time for a follow-up is over.' },
  ILLEGAL_TRANSITION: {
    description: 'The review is not in a state this change leaves from (hiding a hidden review, showing a published one); the message names its state.',
  },
  INVALID_REASON: { description: 'The reason for hiding is blank or longer than 200 characters.' },
  INVALID_REPLY: { description: 'The reply is blank or longer than 1,000 characters.' },
};
