import { registerEnumType } from 'type-graphql';
import { EntryPoint } from './entities';

/**
 * The entry points clients can share today. Content pages and live sessions add theirs with their
 * modules (the database enum already has them).
 */
export enum ShareEntry {
  SHOP = 'SHOP',
  PRODUCT = 'PRODUCT',
}
registerEnumType(ShareEntry, {
  name: 'ShareEntry',
  description: 'What a share link leads to.',
  valuesConfig: {
    SHOP: { description: "A member's shop." },
    PRODUCT: { description: 'A platform product, shared by a member.' },
  },
});

export const toEntryPoint = (entry: ShareEntry): EntryPoint => (entry === ShareEntry.SHOP ? EntryPoint.SHOP : EntryPoint.PRODUCT);

export const fromEntryPoint = (entry: string | null): ShareEntry | null => (entry == null ? null : (entry.toUpperCase() as ShareEntry));
