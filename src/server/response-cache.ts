import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { ListenedChannel, PgListener } from '../lib/pg-pubsub';
import { requestScope } from '../lib/request-scope';
import { CATALOG_CHANGED_CHANNEL } from '../lib/public-reads';
import type { RequestContext } from '../lib/request-context';
import { Role } from '../lib/roles';
import type { PublicOperations } from './public-operations';

/** How long an answer is kept: what it shows of stock and sales may lag this much, never more. */
export const ANSWER_TTL_MS = 1000;

const CATALOG_TOPIC = 'catalog-changed';

/** The listening connection's channel for catalog changes (src/lib/public-reads.ts announces them). */
export const CATALOG_CHANGES: ListenedChannel = { channel: CATALOG_CHANGED_CHANNEL, topic: CATALOG_TOPIC, topicId: () => 'all' };

interface Answer {
  data: Record<string, unknown>;
  bytes: number;
}

/**
 * Answers of public catalog reads (src/server/public-operations.ts), kept in this process for one
 * second at most, in an LRU bounded by the size of their JSON. Keyed by the document, the operation,
 * the variables, the storefront app and whether the buyer is a member; operators are never served
 * from it (they see drafts). Every catalog change announced by any process (announceCatalogChange,
 * on PostgreSQL LISTEN/NOTIFY) empties it at once; while the listening connection is lost nothing is
 * served from it, and it is emptied when the connection comes back. A request asking
 * `Cache-Control: no-cache` is answered afresh and its answer is not kept. An answer's size is
 * measured when it is kept (its JSON's length): once per key and second at most.
 */
export class ResponseCache {
  private readonly answers: LRUCache<string, Answer>;
  /** Grows at every catalog change: an answer computed while one was announced is not kept. */
  private generation = 0;

  constructor(
    maxBytes: number,
    private readonly listener: Pick<PgListener, 'listening' | 'onReconnect' | 'onPayload'>,
  ) {
    this.answers = new LRUCache<string, Answer>({ maxSize: maxBytes, ttl: ANSWER_TTL_MS, sizeCalculation: (answer) => answer.bytes });
    listener.onPayload(CATALOG_TOPIC, 'all', () => this.forgetAll());
    listener.onReconnect(() => this.forgetAll());
  }

  forgetAll(): void {
    this.generation++;
    this.answers.clear();
  }

  /** The Apollo plugin: answers before execution when it can, keeps what execution answered. */
  plugin(operations: PublicOperations): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => {
        let key: string | null = null;
        let served = false;
        let generation = 0;
        return {
          responseForOperation: async ({ document, operationName, contextValue: ctx, request, queryHash }) => {
            if (ctx.isOperator || !ctx.storefront || request.http?.headers.get('cache-control')?.includes('no-cache')) return null;
            if (!operations.isPublic(document, operationName)) return null;
            const audience = ctx.viewer?.role === Role.MEMBER ? 'member' : 'buyer';
            key = `${ctx.storefront.appId}\n${audience}\n${operationName ?? ''}\n${queryHash}\n${JSON.stringify(request.variables ?? {})}`;
            generation = this.generation;
            const answer = this.listener.listening ? this.answers.get(key) : undefined;
            if (!answer) return null;
            served = true;
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
          },
          willSendResponse: async ({ response }) => {
            // A change this request made (and committed) is forgotten here at once; other processes hear of it.
            if (requestScope.getStore()?.catalogChanged) this.forgetAll();
            if (!key || served || generation !== this.generation || !this.listener.listening) return;
            if (response.body.kind !== 'single') return;
            const { data, errors } = response.body.singleResult;
            if (!data || errors?.length) return;
            this.answers.set(key, { data, bytes: JSON.stringify(data).length });
          },
        };
      },
    };
  }
}
