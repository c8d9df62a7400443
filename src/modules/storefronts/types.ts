import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { maxChars } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { ConnectionType } from '../../lib/pagination';
import { Node } from '../../server/node';
import { MAX_NAME_LENGTH, StorefrontErrorCode, storefrontErrorCodeDescriptions } from './service';

registerEnumType(StorefrontErrorCode, { name: 'StorefrontAppErrorCode', description: 'Why a storefront app mutation was refused.', valuesConfig: storefrontErrorCodeDescriptions });

@ObjectType({ description: 'A storefront app: a sales channel (mobile app, KOL site, live-room page) that calls this API with its keys.', implements: Node })
export class StorefrontApp extends Node {
  @Field({ description: 'Name shown to operators.' })
  name: string;

  @Field({ description: 'Public key, safe in browsers: send it in the X-Storefront-Key header.' })
  publicKey: string;

  @Field({ description: 'Disabled apps are refused on every request.' })
  enabled: boolean;

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

  @Field(() => String, { nullable: true, description: 'The secret key, for the app\'s servers only. Shown this once: it is stored only as a hash.' })
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
}
