import type { EntityManager } from '@mikro-orm/postgresql';
import { checkAddress, type Address, type AddressFault } from '../../lib/address';
import { DomainError } from '../../lib/errors';
import { uuidv7 } from '../../lib/ids';
import type { RequestContext } from '../../lib/request-context';
import { one, run } from '../../lib/sql';
import { MAX_ADDRESSES } from './entities';

/** Why an address-book mutation was refused. */
export enum AddressErrorCode {
  ADDRESS_NOT_FOUND = 'ADDRESS_NOT_FOUND',
  TOO_MANY_ADDRESSES = 'TOO_MANY_ADDRESSES',
  ADDRESS_FIELD_REQUIRED = 'ADDRESS_FIELD_REQUIRED',
  ADDRESS_FIELD_LENGTH = 'ADDRESS_FIELD_LENGTH',
  INVALID_ADDRESS_PHONE = 'INVALID_ADDRESS_PHONE',
}

export const addressErrorCodeDescriptions: Record<keyof typeof AddressErrorCode, { description: string }> = {
  ADDRESS_NOT_FOUND: { description: 'The caller has no saved address with this id (never saved, removed, or another account’s).' },
  TOO_MANY_ADDRESSES: { description: `The account already keeps ${MAX_ADDRESSES} addresses, the most it may: remove one first.` },
  ADDRESS_FIELD_REQUIRED: { description: 'A required field (recipient name, region, street address) is blank; `field` names it.' },
  ADDRESS_FIELD_LENGTH: {
    description:
      'A field is too short or too long once trimmed (region and street address take at least 2 characters); the message gives the bounds, `field` names it.',
  },
  INVALID_ADDRESS_PHONE: { description: "The recipient's phone is not 11 digits starting with 1, nor + and an international number." },
};

export interface AddressRow {
  id: string;
  account_id: string;
  recipient_name: string;
  phone: string;
  region: string;
  detail: string;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, account_id, recipient_name, phone, region, detail, is_default, created_at, updated_at';

/** The order of an address book: the default first, then the newest. */
export const ADDRESS_ORDER = 'is_default desc, created_at desc, id desc';

function refusal(fault: AddressFault): DomainError {
  const code =
    fault.kind === 'phone'
      ? AddressErrorCode.INVALID_ADDRESS_PHONE
      : fault.kind === 'required'
        ? AddressErrorCode.ADDRESS_FIELD_REQUIRED
        : AddressErrorCode.ADDRESS_FIELD_LENGTH;
  return new DomainError(code, fault.message, ['input', fault.field]);
}

function checked(address: Address): Address {
  const { clean, fault } = checkAddress(address);
  if (fault) throw refusal(fault);
  return clean;
}

const notFound = (field: string[]) => new DomainError(AddressErrorCode.ADDRESS_NOT_FOUND, 'You have no saved address with this id', field);

/**
 * An account's saved shipping addresses. Every change runs in a transaction that first locks the
 * account's row (FOR NO KEY UPDATE: rows referencing it can still be inserted), so the changes of
 * one account run one at a time: the count bound holds, and of two parallel "set default" calls
 * the later one wins cleanly. The partial unique index (account_address_one_default) is what
 * refuses a second default, whatever the code does.
 */
export class AddressBook {
  constructor(private readonly em: EntityManager) {}

  /** The account's addresses, the default first, then the newest. */
  list(accountId: string): Promise<AddressRow[]> {
    return run<AddressRow>(this.em, `select ${COLUMNS} from account_address where account_id = ? order by ${ADDRESS_ORDER}`, [accountId]);
  }

  /** One of the account's addresses, or null (another account's too). */
  find(accountId: string, id: string): Promise<AddressRow | null> {
    return one<AddressRow>(this.em, `select ${COLUMNS} from account_address where id = ? and account_id = ?`, [id, accountId]);
  }

  /** Saves a new address; it becomes the default when asked, or when it is the account's first. */
  async add(accountId: string, input: Address, makeDefault: boolean): Promise<AddressRow> {
    const address = checked(input);
    return this.em.transactional(async (tx) => {
      const { count } = await this.lockBook(tx, accountId);
      if (count >= MAX_ADDRESSES)
        throw new DomainError(AddressErrorCode.TOO_MANY_ADDRESSES, `You keep ${MAX_ADDRESSES} addresses already, the most allowed: remove one first`, null);
      const isDefault = makeDefault || count === 0;
      if (isDefault) await clearDefault(tx, accountId);
      const [row] = await run<AddressRow>(
        tx,
        `insert into account_address (id, account_id, recipient_name, phone, region, detail, is_default, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, now(), now()) returning ${COLUMNS}`,
        [uuidv7(), accountId, address.name, address.phone, address.region, address.detail, isDefault],
      );
      return row;
    });
  }

  /** Changes the fields given of one of the account's addresses; the others stay. */
  async update(accountId: string, id: string, changes: Partial<Address>): Promise<AddressRow> {
    return this.em.transactional(async (tx) => {
      await this.lockBook(tx, accountId);
      const current = await this.owned(tx, accountId, id);
      const address = checked({
        name: changes.name ?? current.recipient_name,
        phone: changes.phone ?? current.phone,
        region: changes.region ?? current.region,
        detail: changes.detail ?? current.detail,
      });
      const [row] = await run<AddressRow>(
        tx,
        `update account_address set recipient_name = ?, phone = ?, region = ?, detail = ?, updated_at = now() where id = ? returning ${COLUMNS}`,
        [address.name, address.phone, address.region, address.detail, id],
      );
      return row;
    });
  }

  /** Deletes one of the account's addresses; when it was the default, the newest one left becomes it. */
  async remove(accountId: string, id: string): Promise<void> {
    await this.em.transactional(async (tx) => {
      await this.lockBook(tx, accountId);
      const [removed] = await run<{ is_default: boolean }>(tx, 'delete from account_address where id = ? and account_id = ? returning is_default', [
        id,
        accountId,
      ]);
      if (!removed) throw notFound(['id']);
      if (removed.is_default) {
        await run(
          tx,
          `update account_address set is_default = true, updated_at = now()
           where id = (select id from account_address where account_id = ? order by created_at desc, id desc limit 1)`,
          [accountId],
        );
      }
    });
  }

  /** Makes one of the account's addresses its default; the previous default stops being it. */
  async setDefault(accountId: string, id: string): Promise<AddressRow> {
    return this.em.transactional(async (tx) => {
      await this.lockBook(tx, accountId);
      const current = await this.owned(tx, accountId, id);
      if (current.is_default) return current;
      // Two statements: PostgreSQL checks a unique index row by row, so the old default goes first.
      await clearDefault(tx, accountId);
      // clock_timestamp, not now(): taken once the lock is held, so the last of parallel calls is the latest changed.
      const [row] = await run<AddressRow>(
        tx,
        `update account_address set is_default = true, updated_at = clock_timestamp() where id = ? returning ${COLUMNS}`,
        [id],
      );
      return row;
    });
  }

  /**
   * Locks the account's row until the transaction ends, then counts its addresses: in a statement of
   * its own, whose snapshot is taken once the lock is held, so it sees what the previous holder committed.
   */
  private async lockBook(tx: EntityManager, accountId: string): Promise<{ count: number }> {
    const [locked] = await run<{ id: string }>(tx, 'select id from account where id = ? for no key update', [accountId]);
    if (!locked) throw new Error(`no account ${accountId}`);
    const [{ count }] = await run<{ count: number }>(tx, 'select count(*)::int as count from account_address where account_id = ?', [accountId]);
    return { count };
  }

  private async owned(tx: EntityManager, accountId: string, id: string): Promise<AddressRow> {
    const row = await one<AddressRow>(tx, `select ${COLUMNS} from account_address where id = ? and account_id = ?`, [id, accountId]);
    if (!row) throw notFound(['id']);
    return row;
  }
}

async function clearDefault(tx: EntityManager, accountId: string): Promise<void> {
  await run(tx, 'update account_address set is_default = false, updated_at = now() where account_id = ? and is_default', [accountId]);
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const addressBook = (ctx: RequestContext): AddressBook => new AddressBook(ctx.em);
