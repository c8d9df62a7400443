import { retryAfterMs, RETRY_DELAYS_MS } from '../../src/modules/webhooks/delivery';
import { WEBHOOK_EVENT_TYPES } from '../../src/modules/webhooks/events';
import { WebhookEventTypeValue } from '../../src/modules/webhooks/types';
import { isPrivateAddress, refuseUrlShape } from '../../src/modules/webhooks/url-safety';

describe('webhook URL safety', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::10.0.0.1',
    'not an address',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );

  it('refuses http in production, credentials, fragments and other schemes', () => {
    const prod = { httpsOnly: true, allowPrivate: false };
    expect(refuseUrlShape('https://hooks.example.com/x', prod)).toBeNull();
    expect(refuseUrlShape('http://hooks.example.com/x', prod)).toMatch(/https/);
    expect(refuseUrlShape('http://hooks.example.com/x', { httpsOnly: false, allowPrivate: false })).toBeNull();
    expect(refuseUrlShape('https://a:b@hooks.example.com/x', prod)).toMatch(/password/);
    expect(refuseUrlShape('https://hooks.example.com/x#y', prod)).toMatch(/fragment/);
    expect(refuseUrlShape('ftp://hooks.example.com/x', prod)).toMatch(/https/);
    expect(refuseUrlShape('hooks.example.com/x', prod)).toMatch(/absolute/);
  });
});

describe('webhook retries', () => {
  it('follow the Standard Webhooks schedule: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
  });

  it('read Retry-After as seconds or an HTTP date, capped at a day', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(86_400_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});

describe('webhook event types', () => {
  it('are the same in the schema enum and in the list events are checked against', () => {
    expect(Object.values(WebhookEventTypeValue)).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});
