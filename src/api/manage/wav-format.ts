// Checks an uploaded voice file before it is kept: RIFF/WAVE with a format a telephone network
// plays without resampling: PCM 16- or 8-bit at 8 or 16 kHz mono, or G.711 A-law / µ-law
// (WAVE format 6 / 7) at 8 kHz mono. Pure: takes the bytes, says what they are or why not.

export type WavVerdict = { ok: true; format: string; durationMs: number } | { ok: false; reason: string };

const PCM = 1;
const ALAW = 6;
const MULAW = 7;
const EXTENSIBLE = 0xfffe;
const CODEC_NAME: Record<number, string> = { [PCM]: 'PCM', [ALAW]: 'G.711 A-law', [MULAW]: 'G.711 µ-law' };

interface Fmt {
  codec: number;
  channels: number;
  rate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
}

function readFmt(b: Buffer, at: number, len: number): Fmt | string {
  if (len < 16) return 'the fmt chunk is shorter than 16 bytes';
  let codec = b.readUInt16LE(at);
  // WAVE_FORMAT_EXTENSIBLE carries the real codec in the first two bytes of its sub-format GUID.
  if (codec === EXTENSIBLE) {
    if (len < 40) return 'the extensible fmt chunk is shorter than 40 bytes';
    codec = b.readUInt16LE(at + 24);
  }
  return {
    codec,
    channels: b.readUInt16LE(at + 2),
    rate: b.readUInt32LE(at + 4),
    byteRate: b.readUInt32LE(at + 8),
    blockAlign: b.readUInt16LE(at + 12),
    bits: b.readUInt16LE(at + 14),
  };
}

function judgeFmt(f: Fmt): string | undefined {
  const name = CODEC_NAME[f.codec];
  if (name === undefined) return `the audio codec (WAVE format ${f.codec}) is not PCM (1), A-law (6) or µ-law (7)`;
  if (f.channels !== 1) return `the file has ${f.channels} channels; it must be mono`;
  if (f.codec === PCM) {
    if (f.bits !== 16 && f.bits !== 8) return `PCM must be 16- or 8-bit, not ${f.bits}-bit`;
    if (f.rate !== 8000 && f.rate !== 16000) return `PCM must be sampled at 8000 or 16000 Hz, not ${f.rate} Hz`;
  } else {
    if (f.bits !== 8) return `${name} must be 8-bit, not ${f.bits}-bit`;
    if (f.rate !== 8000) return `${name} must be sampled at 8000 Hz, not ${f.rate} Hz`;
  }
  const block = (f.channels * f.bits) / 8;
  if (f.blockAlign !== block || f.byteRate !== f.rate * block) return 'the fmt chunk is inconsistent (block align or byte rate does not match the format)';
  return undefined;
}

export function checkWav(b: Buffer): WavVerdict {
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') {
    return { ok: false, reason: 'not a WAV file (no RIFF/WAVE header)' };
  }
  let fmt: Fmt | undefined;
  for (let pos = 12; pos + 8 <= b.length; ) {
    const id = b.toString('latin1', pos, pos + 4);
    const len = b.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (body + len > b.length) return { ok: false, reason: `the ${id.trim()} chunk is longer than the file (truncated upload?)` };
    if (id === 'fmt ') {
      const read = readFmt(b, body, len);
      if (typeof read === 'string') return { ok: false, reason: read };
      const bad = judgeFmt(read);
      if (bad) return { ok: false, reason: bad };
      fmt = read;
    } else if (id === 'data') {
      if (!fmt) return { ok: false, reason: 'the data chunk comes before the fmt chunk' };
      if (len === 0) return { ok: false, reason: 'the data chunk is empty' };
      const format = `${CODEC_NAME[fmt.codec]} ${fmt.bits}-bit ${fmt.rate} Hz mono`;
      return { ok: true, format, durationMs: Math.round((len * 1000) / fmt.byteRate) };
    }
    pos = body + len + (len % 2);
  }
  return { ok: false, reason: fmt ? 'no data chunk' : 'no fmt chunk' };
}
