// What an app's forms (create, edit settings) send for their fields: the capabilities the API knows,
// ports as a number when the text is one, allowed IPs as a list. Anything else is sent as typed for
// the API to refuse with its own message.

export const CAPS = ['callback', 'notify', 'verify'] as const;

/** A whole number (negative too: the API says its range) when the text is one, else the text. */
export const integerOr = (s: string): number | string => (/^-?\d+$/.test(s) ? Number(s) : s);

/** Allowed IPs as typed: one a line (commas and spaces separate too: no address holds one). Empty: any. */
export const ipList = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);
