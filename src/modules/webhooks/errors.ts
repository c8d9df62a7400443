/** Why a webhook request was refused. */
export enum WebhookErrorCode {
  APP_NOT_FOUND = 'APP_NOT_FOUND',
  ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND',
  DELIVERY_NOT_FOUND = 'DELIVERY_NOT_FOUND',
  INVALID_URL = 'INVALID_URL',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  NO_EVENT_TYPES = 'NO_EVENT_TYPES',
  TOO_MANY_ENDPOINTS = 'TOO_MANY_ENDPOINTS',
  ENDPOINT_DISABLED = 'ENDPOINT_DISABLED',
  INVALID_SINCE = 'INVALID_SINCE',
}

/** What each WebhookErrorCode means, for the schema. */
export const webhookErrorCodeDescriptions: Record<keyof typeof WebhookErrorCode, { description: string }> = {
  APP_NOT_FOUND: {
    description:
      'No storefront app has this id, or the caller (a secret key) may not manage it: a secret key manages only its own app. Operators must name the app.',
  },
  ENDPOINT_NOT_FOUND: { description: 'No webhook endpoint the caller may manage has this id.' },
  DELIVERY_NOT_FOUND: { description: 'No delivery of an endpoint the caller may manage has this id (the log keeps 30 days).' },
  INVALID_URL: {
    description: 'The URL is not an absolute http(s) URL of at most 2,000 characters without credentials or fragment, or is http in production (https only).',
  },
  URL_NOT_ALLOWED: {
    description:
      'The host does not resolve, or resolves to a private, loopback, link-local, unique-local or carrier-grade NAT address (allowed only when WEBHOOKS_ALLOW_PRIVATE_URLS is on, outside production).',
  },
  NO_EVENT_TYPES: { description: 'An endpoint subscribes to at least one event type.' },
  TOO_MANY_ENDPOINTS: { description: 'The app already has 20 webhook endpoints.' },
  ENDPOINT_DISABLED: { description: 'The endpoint is disabled: enable it (updateWebhookEndpoint) before sending it a test event or replaying to it.' },
  INVALID_SINCE: { description: 'A replay starts at most 30 days ago (the log keeps 30 days) and not in the future.' },
};
