import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../lib/ids';

/**
 * A storefront app is a sales channel: a third-party front end (mobile app, KOL site, live-room
 * page). Its public key identifies it from browsers; its secret key, stored only as a hash, from servers.
 */
@Entity({ tableName: 'storefront_app' })
export class StorefrontApp {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', unique: true })
  publicKey: string;

  /** sha256 of the secret key, hex: the secret itself is shown once, at creation or rotation. */
  @Property({ type: 'text', unique: true })
  secretKeyHash: string;

  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  /** Browser origins whose pages may call the API with this app's key (src/lib/origins.ts); empty = servers only. */
  @Property({ type: 'text[]', default: '{}' })
  allowedOrigins: string[] = [];

  /**
   * Whether the sharing games (red-packet split, assist-for-free) run on this channel: off where the
   * channel's rules forbid assist / bargain / collect-card mechanics (e.g. WeChat external links).
   */
  @Property({ type: 'boolean', default: true })
  sharingGames: boolean = true;

  /** Why the sharing games are off, shown to shoppers in the games list; null: no reason given. */
  @Property({ type: 'text', nullable: true })
  sharingGamesOffReason: string | null = null;

  @Index()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
