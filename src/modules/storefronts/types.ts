import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars, maxItems } from '../../lib/bounds';
import { MAX_ORIGIN_LENGTH, MAX_ORIGINS } from '../../lib/origins';
import { UserError } from '../../lib/errors';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../lib/node';
import { MAX_NAME_LENGTH, MAX_OFF_REASON_LENGTH, StorefrontErrorCode, storefrontErrorCodeDescriptions } from './service';

registerEnumType(StorefrontErrorCode, {
  name: 'StorefrontAppErrorCode',
  description: 'Why a storefront app mutation was refused.',
  valuesConfig: storefrontErrorCodeDescriptions,
});

/** How allowedOrigins is written, for the create argument and the update input; the edge holds its bounds. */
export function allowedOriginsInput(more: string): { description: string } {
  return maxItems(
    MAX_ORIGINS,
    `Browser origins whose pages may call the API with this app's keys: "scheme://host" or "scheme://host:port" with scheme http or https, no path, query, fragment or trailing slash, or "https://*.example.com" for every subdomain of example.com (at any depth, not example.com itself). Stored lower-cased, without a default port (:80, :443) and without duplicates; a bad entry is refused with INVALID_ORIGIN naming its index. ${more}`,
    { maxLength: MAX_ORIGIN_LENGTH },
  );
}

@ObjectType({ description: 'A storefront app: a sales channel (mobile app, KOL site, live-room page) that calls this API with its keys.', implements: Node })
export class StorefrontApp extends Node {
  @Field({ description: 'Name shown to operators.' })
  name: string;

  @Field({ description: 'Public key, safe in browsers: send it in the X-Storefront-Key header.' })
  publicKey: string;

  @Field({ description: 'Disabled apps are refused on every request.' })
  enabled: boolean;

  @Field(() => [String], {
    description:
      'Browser origins whose pages may call the API with this app\'s keys (CORS and the WebSocket origin check): exact origins such as "https://shop.example.com" or "http://localhost:5173", or "https://*.example.com" for every subdomain of example.com. Empty: servers only — browsers on other origins are refused. At most 20 entries of at most 200 characters each.',
  })
  allowedOrigins: string[];

  @Field({ description: 'Whether the sharing games (red-packet split, assist-for-free) run on this app; off where the channel forbids such mechanics.' })
  sharingGames: boolean;

  @Field(() => String, { nullable: true, description: 'Why the sharing games are off, shown to shoppers in promotionGames; null: none given.' })
  sharingGamesOffReason: string | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When the app was created.' })
  createdAt: Date;
}

export const StorefrontAppConnection = ConnectionType(StorefrontApp, 'StorefrontApp', 'storefront app');

@ObjectType({ description: 'A refused storefront app mutation.', implements: UserError })
export class StorefrontAppUserError extends UserError {
  @Field(() => StorefrontErrorCode, { description: 'What kind of failure this is.' })
  code: StorefrontErrorCode;
}

@ObjectType({ description: 'Result of creating a storefront app or rotating its secret key.' })
export class StorefrontAppSecretPayload {
  @Field(() => StorefrontApp, { nullable: true, description: 'The app; null when refused.' })
  storefrontApp: StorefrontApp | null;

  @Field(() => String, { nullable: true, description: "The secret key, for the app's servers only. Shown this once: it is stored only as a hash." })
  secretKey: string | null;

  @Field(() => [StorefrontAppUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: StorefrontAppUserError[];
}

@ObjectType({ description: 'Result of changing a storefront app.' })
export class StorefrontAppPayload {
  @Field(() => StorefrontApp, { nullable: true, description: 'The app as it is now; null when refused.' })
  storefrontApp: StorefrontApp | null;

  @Field(() => [StorefrontAppUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: StorefrontAppUserError[];
}

@InputType({ description: 'Changes to a storefront app; omitted fields stay as they are.' })
export class StorefrontAppUpdateInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_NAME_LENGTH, 'New name, not blank.') })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false refuses every request with its keys; true lets them in again.' })
  enabled?: boolean | null;

  @Field(() => [String], { nullable: true, ...allowedOriginsInput('Replaces the whole list; [] allows no browser origin.') })
  allowedOrigins?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "false turns off the sharing games (red-packet split, assist-for-free) on this app, where the channel's rules forbid them; true turns them on again (and clears the reason).",
  })
  sharingGames?: boolean | null;

  @Field(() => String, {
    nullable: true,
    ...maxChars(MAX_OFF_REASON_LENGTH, 'Why the sharing games are off, shown to shoppers (at most 200 characters; "" clears it).'),
  })
  sharingGamesOffReason?: string | null;
}
