// statusUrl and feeUrl travel Base64-encoded ("此参数请采用BASE64编码进行加密", tables 4-3, 5-4, 6-3).

/** Base64 (standard alphabet, padded) of the URL's UTF-8 bytes. */
export function encodeUrlParam(url: string): string {
  return Buffer.from(url, 'utf8').toString('base64');
}

/** The URL an encoded parameter carries. */
export function decodeUrlParam(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}
