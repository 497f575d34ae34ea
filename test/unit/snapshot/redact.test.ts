import { describe, expect, it } from 'vitest';
import { REDACTED, scrubSecrets, secretForms } from '../../../src/snapshot/redact.js';

const SECRET = 'Zq8-Secret/Value+42@x';

describe('scrubSecrets', () => {
  it.each([
    ['as written', SECRET],
    ['lower-cased (a host name)', SECRET.toLowerCase()],
    ['upper-cased (a query)', SECRET.toUpperCase()],
    ['percent-encoded (a URL)', encodeURIComponent(SECRET)],
    ['percent-encoded with lower-case hex', encodeURIComponent(SECRET).toLowerCase()],
    ['form-encoded', encodeURIComponent(`${SECRET} y`).replace(/%20/g, '+')],
    ['reversed', [...SECRET].reverse().join('')],
    ['JSON-escaped', JSON.stringify(`a"${SECRET}`).slice(1, -1)],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ])('removes the secret %s', (_name, shown) => {
    const out = scrubSecrets(`before ${shown} after`, [SECRET]);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(shown);
  });

  it.each([0, 1, 2])(
    'removes the core of its base64 inside a longer base64 text (%i bytes before it)',
    (before) => {
      const blob = Buffer.concat([
        Buffer.alloc(before, 0x41),
        Buffer.from(SECRET),
        Buffer.from('tail'),
      ]).toString('base64');
      const out = scrubSecrets(blob, [SECRET]);
      expect(out).toContain(REDACTED);
      // What is left cannot be decoded back to the secret.
      expect(Buffer.from(out.replace(REDACTED, ''), 'base64').toString('latin1')).not.toContain(
        SECRET.slice(3, 12),
      );
    },
  );

  it('removes a multi-line secret shown with its newlines escaped', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----';
    expect(scrubSecrets(`key: ${pem.replace(/\n/g, '\\n')}`, [pem])).toBe(`key: ${REDACTED}`);
  });

  it('leaves short values and unrelated text alone', () => {
    expect(scrubSecrets('port 5432, mode true', ['5432', 'true'])).toBe('port 5432, mode true');
    expect(scrubSecrets('nothing to see', [SECRET])).toBe('nothing to see');
  });

  it('gives each form once and none shorter than the scrub minimum', () => {
    const forms = secretForms(SECRET);
    expect(new Set(forms).size).toBe(forms.length);
    expect(forms.every((f) => f.trim().length >= 6)).toBe(true);
  });
});
