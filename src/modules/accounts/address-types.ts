import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { MAX_RECIPIENT_NAME_LENGTH, MAX_REGION_LENGTH, MAX_STREET_LENGTH } from '../../lib/address';
import { maxChars } from '../../lib/bounds';
import { UserError } from '../../lib/errors';
import { Node } from '../../lib/node';
import { AddressErrorCode, addressErrorCodeDescriptions } from './addresses';
import { MAX_PHONE_LENGTH } from './service';

registerEnumType(AddressErrorCode, {
  name: 'AddressErrorCode',
  description: 'Why an address-book mutation was refused.',
  valuesConfig: addressErrorCodeDescriptions,
});

@ObjectType({ description: 'A shipping address the account saved in its address book.', implements: Node })
export class SavedAddress extends Node {
  @Field({ description: 'Recipient.' })
  name: string;

  @Field({ description: "Recipient's phone number (digits, with a leading + outside mainland China)." })
  phone: string;

  @Field({ description: 'Province, city and district.' })
  region: string;

  @Field({ description: 'Street address.' })
  detail: string;

  @Field({ description: 'Whether checkout and the buy button offer it first. Exactly one saved address of an account is the default.' })
  isDefault: boolean;

  @Field(() => GraphQLDateTimeISO, { description: 'When it was saved.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'When it last changed (its fields, or whether it is the default).' })
  updatedAt: Date;
}

@ObjectType({ description: 'A refused address-book mutation.', implements: UserError })
export class AddressUserError extends UserError {
  @Field(() => AddressErrorCode, { description: 'What kind of failure this is.' })
  code: AddressErrorCode;
}

@ObjectType({ description: 'Result of saving, changing or choosing a saved address.' })
export class SavedAddressPayload {
  @Field(() => SavedAddress, { nullable: true, description: 'The address as it is now; null when refused.' })
  address: SavedAddress | null;

  @Field(() => [AddressUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AddressUserError[];
}

@ObjectType({ description: 'Result of removing a saved address.' })
export class RemoveSavedAddressPayload {
  @Field(() => ID, { nullable: true, description: 'The ID of the address removed; null when refused.' })
  removedAddressId: string | null;

  @Field(() => [SavedAddress], {
    nullable: true,
    description: 'The address book after the removal (a new default, if the removed one was it); null when refused.',
  })
  addresses: SavedAddress[] | null;

  @Field(() => [AddressUserError], { description: 'Why it was refused; empty on success.' })
  userErrors: AddressUserError[];
}

const NAME = 'Recipient, not blank.';
const PHONE = "Recipient's phone: 11 digits starting with 1, or + and an international number; spaces and hyphens are dropped.";
const REGION = 'Province, city and district, e.g. "浙江省 杭州市 西湖区" (at least 2 characters).';
const STREET = 'Street address (at least 2 characters).';

@InputType({ description: 'A shipping address to save.' })
export class AddSavedAddressInput {
  @Field(maxChars(MAX_RECIPIENT_NAME_LENGTH, NAME))
  name: string;

  @Field(maxChars(MAX_PHONE_LENGTH, PHONE))
  phone: string;

  @Field(maxChars(MAX_REGION_LENGTH, REGION))
  region: string;

  @Field(maxChars(MAX_STREET_LENGTH, STREET))
  detail: string;

  @Field(() => Boolean, { nullable: true, description: 'true: it becomes the default. The first address saved becomes the default anyway.' })
  makeDefault?: boolean | null;
}

@InputType({ description: 'The fields of a saved address to change; those omitted stay as they are.' })
export class UpdateSavedAddressInput {
  @Field(() => String, { nullable: true, ...maxChars(MAX_RECIPIENT_NAME_LENGTH, NAME) })
  name?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_PHONE_LENGTH, PHONE) })
  phone?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_REGION_LENGTH, REGION) })
  region?: string | null;

  @Field(() => String, { nullable: true, ...maxChars(MAX_STREET_LENGTH, STREET) })
  detail?: string | null;
}
