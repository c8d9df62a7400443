import express from 'express';
import { normalizePhone } from '../../lib/phone';
import type { SandboxSms } from './sms-sandbox';

/**
 * `GET /sandbox/sms/:phone` — the last sign-in code the sandbox SMS provider "sent" to a number:
 * 200 `{ phone, code, text, sentAt }`, or 404 when it sent none (since this process started). For
 * development clients, demos and tests; mounted only while the sandbox is the provider, which the
 * settings refuse in a real deployment (src/config.ts). Never cached.
 */
export function sandboxSmsRoutes(sandbox: SandboxSms): express.Router {
  const router = express.Router();
  router.get('/sandbox/sms/:phone', (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const message = sandbox.last(normalizePhone(String(req.params.phone)));
    if (!message) {
      res.status(404).json({ error: 'the sandbox sent no code to this number' });
      return;
    }
    res.json({ phone: message.phone, code: message.code, text: message.text, sentAt: message.sentAt.toISOString() });
  });
  return router;
}
