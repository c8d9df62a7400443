import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../lib/errors';
import { idOf, NO_SUCH_ID, toGlobalId } from '../../lib/ids';
import { payload } from '../../lib/payload';
import type { RequestContext } from '../../lib/request-context';
import { Role } from '../../lib/roles';
import type { NodeFetcher } from '../manifest';
import { addressBook, type AddressRow } from './addresses';
import { AddSavedAddressInput, RemoveSavedAddressPayload, SavedAddress, SavedAddressPayload, UpdateSavedAddressInput } from './address-types';
import { MAX_ADDRESSES } from './entities';
import { Account } from './types';

export function savedAddressView(row: AddressRow): SavedAddress {
  return {
    __typename: 'SavedAddress',
    id: toGlobalId('SavedAddress', row.id),
    name: row.recipient_name,
    phone: row.phone,
    region: row.region,
    detail: row.detail,
    isDefault: row.is_default,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  } as SavedAddress;
}

/** A saved address is visible to its account only. */
export const savedAddressNode: NodeFetcher = async (ctx, id) => {
  if (!ctx.viewer) return null;
  const row = await ctx.use(addressBook).find(ctx.viewer.accountId, id);
  return row && savedAddressView(row);
};

const addressId = (id: string) => idOf('SavedAddress', id) ?? NO_SUCH_ID;

@Resolver(() => Account)
export class AccountAddressesResolver {
  @FieldResolver(() => [SavedAddress], {
    description: `The account's saved shipping addresses, the default first, then the newest: at most ${MAX_ADDRESSES}, so not paginated. Seen by the account itself only.`,
  })
  async addresses(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<SavedAddress[]> {
    const accountId = idOf('Account', account.id) ?? NO_SUCH_ID;
    if (!account.isSessionAccount && ctx.viewer?.accountId !== accountId) throw forbidden('Only the account itself may see its addresses');
    return (await ctx.use(addressBook).list(accountId)).map(savedAddressView);
  }
}

@Resolver(() => SavedAddress)
export class SavedAddressResolver {
  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedAddressPayload, {
    description: `Saves a shipping address in your address book (at most ${MAX_ADDRESSES}; TOO_MANY_ADDRESSES past that). The first one saved becomes the default.`,
  })
  addSavedAddress(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AddSavedAddressInput, { description: 'The address.' }) input: AddSavedAddressInput,
  ): Promise<SavedAddressPayload> {
    return payload(async () => ({ address: savedAddressView(await ctx.use(addressBook).add(ctx.viewer!.accountId, input, input.makeDefault === true)) }), {
      address: null,
    });
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedAddressPayload, {
    description: 'Changes fields of one of your saved addresses; orders already placed keep the address they shipped to.',
  })
  updateSavedAddress(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Your saved address.' }) id: string,
    @Arg('input', () => UpdateSavedAddressInput, { description: 'The fields to change.' }) input: UpdateSavedAddressInput,
  ): Promise<SavedAddressPayload> {
    return payload(
      async () => {
        const changes = {
          name: input.name ?? undefined,
          phone: input.phone ?? undefined,
          region: input.region ?? undefined,
          detail: input.detail ?? undefined,
        };
        return { address: savedAddressView(await ctx.use(addressBook).update(ctx.viewer!.accountId, addressId(id), changes)) };
      },
      { address: null },
    );
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedAddressPayload, {
    description:
      'Makes one of your saved addresses the default; the previous default stops being it. Of parallel calls the last one wins: there is always exactly one default.',
  })
  setDefaultSavedAddress(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Your saved address.' }) id: string): Promise<SavedAddressPayload> {
    return payload(async () => ({ address: savedAddressView(await ctx.use(addressBook).setDefault(ctx.viewer!.accountId, addressId(id))) }), { address: null });
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RemoveSavedAddressPayload, {
    description: 'Removes one of your saved addresses. When it was the default, the newest address left becomes the default.',
  })
  removeSavedAddress(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Your saved address.' }) id: string): Promise<RemoveSavedAddressPayload> {
    return payload(
      async () => {
        const book = ctx.use(addressBook);
        await book.remove(ctx.viewer!.accountId, addressId(id));
        return { removedAddressId: id, addresses: (await book.list(ctx.viewer!.accountId)).map(savedAddressView) };
      },
      { removedAddressId: null, addresses: null },
    );
  }
}
