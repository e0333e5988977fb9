// Envelope encryption: data are sealed with AES-256-GCM under a per-record data key; data keys are
// wrapped by the master key. Destroying a wrapped key makes its data unreadable (crypto-shredding).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { fail } from '../domain/errors.ts';

const VERSION = 1;

export interface DataKey {
  plain: Buffer;
  wrapped: string;
}

export class Envelope {
  constructor(private readonly masterKey: Buffer, private readonly commitmentKey: Buffer) {
    if (masterKey.length !== 32) fail('ABG_ERR_KEY_MISSING', 'The master key must be 32 bytes.');
  }

  newDataKey(context: string): DataKey {
    const plain = randomBytes(32);
    return { plain, wrapped: seal(this.masterKey, plain, `key:${context}`).toString('base64') };
  }

  unwrap(wrapped: string, context: string): Buffer {
    try {
      return open(this.masterKey, Buffer.from(wrapped, 'base64'), `key:${context}`);
    } catch {
      fail('ABG_ERR_KEY_MISSING', 'A data key could not be unwrapped with this master key.');
    }
  }

  seal(key: Buffer, data: Uint8Array, context: string): string {
    return seal(key, data, context).toString('base64');
  }

  open(key: Buffer, sealed: string, context: string): Buffer {
    return open(key, Buffer.from(sealed, 'base64'), context);
  }

  /** A key derived from the master key for one purpose (HKDF-SHA-256), with a short id that names it without revealing it. */
  deriveKey(purpose: string): { key: Buffer; id: string } {
    const key = Buffer.from(hkdfSync('sha256', this.masterKey, Buffer.alloc(0), `abgleich:${purpose}`, 32));
    return { key, id: createHmac('sha256', key).update('key id').digest('hex').slice(0, 16) };
  }

  /** A keyed commitment (HMAC-SHA-256) to data that must never enter the log itself. */
  commit(data: Uint8Array): string {
    return createHmac('sha256', this.commitmentKey).update(data).digest('hex');
  }
}

// Layout: version(1) | iv(12) | tag(16) | ciphertext; the context is bound as associated data.
function seal(key: Buffer, data: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('unknown sealed format');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  d.setAAD(Buffer.from(context, 'utf8'));
  d.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([d.update(sealed.subarray(29)), d.final()]);
}
