// How numbers are written in the Request-URI, To and From for a trunk, and read back from an
// inbound INVITE: E.164 with '+', E.164 without it, or national (country code replaced by a
// trunk prefix, '0' by default).

export type NumberFormat =
  | { style: 'e164' }
  | { style: 'e164-no-plus' }
  | { style: 'national'; countryCode: string; trunkPrefix?: string };

const digits = (n: string): string => n.replace(/[^\d*#]/g, '');

/** The platform's number ('+8613900000001' or digits) as the trunk wants it. */
export function formatNumber(n: string, f: NumberFormat): string {
  const d = digits(n);
  switch (f.style) {
    case 'e164':
      return `+${d}`;
    case 'e164-no-plus':
      return d;
    case 'national':
      return d.startsWith(f.countryCode) ? `${f.trunkPrefix ?? '0'}${d.slice(f.countryCode.length)}` : d;
  }
}

/** A number from the trunk back into E.164 with '+' (numbers we cannot place stay as written). */
export function readNumber(user: string, f: NumberFormat): string {
  if (user.startsWith('+')) return `+${digits(user)}`;
  const d = digits(user);
  if (d === '') return user;
  if (f.style === 'national') {
    const prefix = f.trunkPrefix ?? '0';
    return d.startsWith(prefix) ? `+${f.countryCode}${d.slice(prefix.length)}` : d;
  }
  return `+${d}`;
}
