// ISO 3166 country of an E.164 number, from its country calling code. A short table of the
// codes voxcall's numbers use; province and city need a numbering-plan database voxcall does not
// ship, so the vsp fields for them are sent empty (docs/push-formats.md).

const CALLING_CODES: Array<[prefix: string, iso: string]> = [
  ['852', 'HK'], ['853', 'MO'], ['886', 'TW'], ['65', 'SG'], ['60', 'MY'], ['66', 'TH'], ['84', 'VN'],
  ['62', 'ID'], ['63', 'PH'], ['81', 'JP'], ['82', 'KR'], ['91', 'IN'], ['61', 'AU'], ['64', 'NZ'],
  ['44', 'GB'], ['49', 'DE'], ['33', 'FR'], ['39', 'IT'], ['34', 'ES'], ['31', 'NL'], ['7', 'RU'],
  ['86', 'CN'], ['1', 'US'],
];

/** The ISO country code of `+<digits>`, or '' when the number is not E.164 or the code is not in the table. */
export function countryIsoCode(number: string): string {
  if (!number.startsWith('+')) return '';
  const digits = number.slice(1);
  // Longest prefix first: 852 (Hong Kong) before 85x would never match 86, but 1 must not shadow 1xx.
  let best = '';
  let iso = '';
  for (const [prefix, code] of CALLING_CODES) {
    if (digits.startsWith(prefix) && prefix.length > best.length) {
      best = prefix;
      iso = code;
    }
  }
  return iso;
}
