import { isDeepStrictEqual } from 'node:util';
import { httpRequest, type Api } from '../api';
import { defaultFailure, requestOf } from '../operation';
import type { Floor } from '../scenario';
import { FloorProcess } from './process';

/** One listing-server for both catalog floors, started by the first that runs. */
let server: Promise<FloorProcess> | null = null;

/**
 * The floor of a catalog scenario: the very request the scenario sends, answered by listing-server
 * at `path`. Before its runs, one answer of each: the floor's must equal the API's, or the floor
 * would not be doing the same work.
 */
function catalogFloor(path: string, description: string): Floor {
  return {
    description,
    async prepare(api: Api, op) {
      const floor = await (server ??= FloorProcess.start('listing-server', api));
      const { headers, body } = requestOf(op);
      const ours = await api.request('POST', '/graphql', headers, body);
      const raw = await httpRequest(floor.base, 'POST', path, headers, body);
      const failed = defaultFailure(raw.status, raw.text);
      if (failed) throw new Error(`the floor's check request failed (counted among ${failed}): HTTP ${raw.status}: ${raw.text.slice(0, 300)}`);
      if (!isDeepStrictEqual(JSON.parse(ours.text).data, JSON.parse(raw.text).data)) {
        throw new Error(`the floor's answer differs from the API's:\n  API:   ${ours.text.slice(0, 300)}\n  floor: ${raw.text.slice(0, 300)}`);
      }
      return {
        base: floor.base,
        path,
        request: () => ({ headers, body }),
        varies: false,
        failure: defaultFailure,
        serverPid: floor.pid,
        databaseCpu: api.databaseCpu,
      };
    },
  };
}

const SERVED =
  "served by plain node:http + pg (its own process, a pool of the API's size) as a named prepared statement, answered with the same JSON (checked equal to the API's before the runs)";

export const listingFloor = catalogFloor('/listing', `the listing's one SQL statement, captured from CatalogReads.products, ${SERVED}`);
export const productPageFloor = catalogFloor('/product', `the product page's one SQL statement, captured from CatalogReads.product, ${SERVED}`);
