import DataLoader from 'dataloader';
import type { Context } from '../../server/context';
import { BargainReads, type CutRow } from './reads';

/** Per-request batching of bargains' cuts: a page of bargains reads its cuts in one statement. */
const perRequest = new WeakMap<Context, DataLoader<string, CutRow[]>>();

export function cutsLoader(ctx: Context): DataLoader<string, CutRow[]> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await new BargainReads(ctx.em).cuts(ids);
      return ids.map((id) => rows.filter((r) => r.bargain_id === id));
    });
    perRequest.set(ctx, loader);
  }
  return loader;
}
