import { LRUCache } from 'lru-cache';
import type { SmsProvider } from './sms';

/** What the sandbox "sent" last to one phone number. */
export interface SandboxSmsMessage {
  phone: string;
  code: string;
  text: string;
  sentAt: Date;
}

/**
 * The SMS provider that ships with the project, for development, demos and tests: it sends nothing.
 * It keeps the last code of each phone number in this process's memory (at most 10,000 numbers),
 * where GET /sandbox/sms/<phone> (sms-routes.ts) reads it. The settings refuse it in a real
 * deployment (src/config.ts): whoever can read its codes can sign in as anyone.
 */
export class SandboxSms implements SmsProvider {
  readonly name = 'sandbox';
  private readonly outbox = new LRUCache<string, SandboxSmsMessage>({ max: 10_000 });

  async sendSignInCode(message: { phone: string; code: string; ttlMinutes: number }): Promise<void> {
    this.outbox.set(message.phone, {
      phone: message.phone,
      code: message.code,
      text: `Your sign-in code is ${message.code}. It works for ${message.ttlMinutes} minutes; never tell it to anyone.`,
      sentAt: new Date(),
    });
  }

  /** The last message sent to this phone number (normalised as lib/phone.ts does), or null. */
  last(phone: string): SandboxSmsMessage | null {
    return this.outbox.get(phone) ?? null;
  }
}
