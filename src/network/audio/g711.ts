// G.711 (ITU-T G.711, 1988): A-law and µ-law, the two codecs every telephone trunk speaks. Each
// maps one 16-bit linear sample to one byte; decoding goes through 256-entry tables built once,
// encoding through the segment search of the recommendation (both are a few lines; a library
// would add a dependency for less code than its import).

export type G711 = 'PCMA' | 'PCMU';

const SEG_A_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const SEG_U_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const BIAS = 0x84;
const CLIP = 8159;

function segment(v: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (v <= ends[i]!) return i;
  return ends.length;
}

/** One linear sample (-32768..32767) to an A-law byte. */
export function linearToAlaw(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, SEG_A_END);
  if (seg >= 8) return 0x7f ^ mask;
  let aval = seg << 4;
  aval |= seg < 2 ? (pcm >> 1) & 0xf : (pcm >> seg) & 0xf;
  return aval ^ mask;
}

/** One linear sample (-32768..32767) to a µ-law byte. */
export function linearToUlaw(sample: number): number {
  let pcm = sample >> 2;
  let mask: number;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  } else mask = 0xff;
  if (pcm > CLIP) pcm = CLIP;
  pcm += BIAS >> 2;
  const seg = segment(pcm, SEG_U_END);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & 0xf)) ^ mask;
}

function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0xf) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  let t = ((u & 0xf) << 3) + BIAS;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? BIAS - t : t - BIAS;
}

const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));
const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));

export function decodeG711(codec: G711, bytes: Uint8Array, out = new Int16Array(bytes.length)): Int16Array {
  const table = codec === 'PCMA' ? ALAW_TABLE : ULAW_TABLE;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

export function encodeG711(codec: G711, samples: Int16Array, out = new Uint8Array(samples.length)): Uint8Array {
  const enc = codec === 'PCMA' ? linearToAlaw : linearToUlaw;
  for (let i = 0; i < samples.length; i++) out[i] = enc(samples[i]!);
  return out;
}

/** The byte each codec sends for silence. */
export const G711_SILENCE: Record<G711, number> = { PCMA: 0xd5, PCMU: 0xff };
