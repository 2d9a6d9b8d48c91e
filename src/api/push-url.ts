// statusUrl and feeUrl arrive Base64-encoded (tables 4-3, 5-4, 6-3). The decoded URL may use only
// letters, digits, '-', ':', '.', '/' and is at most 128 bytes.

const ALLOWED = /^[A-Za-z0-9\-:./]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function decodePushUrl(field: string, encoded: string): UrlCheck {
  const compact = encoded.trim();
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    return { ok: false, reason: `${field} must be the Base64 encoding of a URL` };
  }
  const url = Buffer.from(compact, 'base64').toString('utf8');
  if (Buffer.byteLength(url) > 128) {
    return { ok: false, reason: `${field} decodes to more than 128 bytes` };
  }
  if (!ALLOWED.test(url)) {
    return { ok: false, reason: `${field} may contain only letters, digits, '-', ':', '.' and '/' once decoded` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `${field} does not decode to a URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: `${field} must be an http or https URL` };
  }
  return { ok: true, url };
}

/**
 * userData (tables 4-3, 5-4, 6-3): no braces, and no Chinese text (which must be Base64-encoded).
 * voxcall reads "no Chinese" as "printable ASCII only", so emoji and other scripts are refused
 * with the same advice instead of being pushed to receivers that cannot take them.
 */
export function checkUserData(value: string): string | undefined {
  if (/[{}]/.test(value)) return 'userData may not contain "{" or "}"';
  if (!/^[\x20-\x7e]*$/.test(value)) {
    return 'userData must be printable ASCII; Base64-encode Chinese or other text';
  }
  return undefined;
}
