import { registerEnumType } from 'type-graphql';
import { EntryPoint } from './entities';

/**
 * The entry points of share links clients see. Members share shops and products (createShareLink);
 * content cards get theirs with their article. Live sessions add theirs with their module (the
 * database enum already has it).
 */
export enum ShareEntry {
  SHOP = 'SHOP',
  PRODUCT = 'PRODUCT',
  CONTENT = 'CONTENT',
}
registerEnumType(ShareEntry, {
  name: 'ShareEntry',
  description: 'What a share link leads to.',
  valuesConfig: {
    SHOP: { description: "A member's shop." },
    PRODUCT: { description: 'A platform product, shared by a member.' },
    CONTENT: {
      description:
        "A product card or grid of a content-guide article, shared by the article's author: made with the article (ProductCardBlock.linkToken), not by createShareLink.",
    },
  },
});

const ENTRY_POINTS: Record<ShareEntry, EntryPoint> = { SHOP: EntryPoint.SHOP, PRODUCT: EntryPoint.PRODUCT, CONTENT: EntryPoint.CONTENT };

export const toEntryPoint = (entry: ShareEntry): EntryPoint => ENTRY_POINTS[entry];

export const fromEntryPoint = (entry: string | null): ShareEntry | null => (entry == null ? null : (entry.toUpperCase() as ShareEntry));
