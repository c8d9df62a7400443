import type { Config } from '../../config';
import { SandboxSms } from './sms-sandbox';

/**
 * What phone sign-in needs from an SMS provider (a sandbox ships with the project; Aliyun SMS,
 * Tencent Cloud SMS or Twilio would be further implementations, each in a file of its own, built
 * in `smsProviderFromConfig`). The API makes the code, keeps only its hash and checks it; the
 * provider only delivers the text.
 */
export interface SmsProvider {
  /** For the logs and the settings (SMS_PROVIDER). */
  readonly name: string;

  /**
   * Delivers a sign-in code to a phone number (digits, with a leading + for numbers outside
   * mainland China: lib/phone.ts). Resolves once the provider has accepted the message; throws
   * SmsProviderError when it refuses or cannot be reached (the caller answers SMS_UNAVAILABLE).
   * A provider with message templates (as mainland providers require) fills its approved sign-in
   * template with `code` and `ttlMinutes`.
   */
  sendSignInCode(message: { phone: string; code: string; ttlMinutes: number }): Promise<void>;
}

/** The provider refused the message, or could not be reached: the code did not go out. */
export class SmsProviderError extends Error {}

/** The process's SMS provider from the settings: null when SMS_PROVIDER=off (phone sign-in answers SMS_UNAVAILABLE). */
export function smsProviderFromConfig(config: Pick<Config, 'smsProvider'>): SmsProvider | null {
  switch (config.smsProvider) {
    case 'sandbox':
      return new SandboxSms();
    case 'off':
      return null;
  }
}
