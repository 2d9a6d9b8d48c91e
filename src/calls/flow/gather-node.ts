// A gather node: digits are collected while the prompt plays (the first key cuts it short,
// barge-in), then the call waits `timeout` seconds for a first key. The Network counts a
// collection's timeout from its start, so the collection is given the prompt's length plus the
// node's timeout. Like the gather verb, the digits become a collectInfo event and the record's
// digits; unlike it, prompts and the collection run together, so this loop reads both the prompt's
// 'played' and the collection's 'digits' from one mailbox, never dropping either.

import type { GatherNode } from '../../domain/flow.js';
import { FLOW_DEFAULTS } from '../../domain/flow.js';
import type { Media } from '../../network/types.js';
import { opFailure } from '../op-failure.js';
import type { Resolved } from '../prompts.js';
import { gather, type GatherResult, type VerbRuntime } from '../verbs/index.js';

type Failed = Extract<Resolved, { ok: false }>;

/** Resolves a node's prompt items before anything plays: a missing file fails the node, not half a prompt. */
export function resolvePrompt(items: Resolved[]): Media[] | Failed {
  const out: Media[] = [];
  for (const r of items) {
    if (!r.ok) return r;
    out.push(r.media);
  }
  return out;
}

export function collectOptions(node: GatherNode, promptMs: number) {
  const d = FLOW_DEFAULTS.gather;
  const terminator = node.terminator ?? d.terminator;
  return {
    maxDigits: node.maxDigits ?? d.maxDigits,
    timeoutMs: promptMs + (node.timeout ?? d.timeout) * 1000,
    ...(terminator === '' ? {} : { terminator }),
    interruptsPlay: true,
  };
}

export async function gatherWithPrompt(rt: VerbRuntime, node: GatherNode, prompt: Media[]): Promise<GatherResult> {
  const opts = collectOptions(node, prompt.reduce((ms, m) => ms + m.durationMs, 0));
  if (prompt.length === 0) return gather(rt, 'A', opts);
  if (rt.ended) return rt.ended;
  const at = rt.at;
  try {
    await rt.leg('A').net.collect(opts);
  } catch {
    return { type: 'opFailed', at, failure: opFailure() };
  }
  let index = 0;
  // The play now heard, 0 once the prompt is over or a key cut it short.
  let playing = await startItem(rt, prompt[index]!);
  if (typeof playing !== 'number') return playing;
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
    if (n.leg !== 'A') continue;
    const s = n.signal;
    if (s.type === 'played' && playing !== 0 && s.playId === playing) {
      index++;
      playing = 0;
      if (!s.interrupted && index < prompt.length) {
        const next = await startItem(rt, prompt[index]!);
        if (typeof next !== 'number') return next;
        playing = next;
      }
    } else if (s.type === 'dtmf' && playing !== 0) {
      // Barge-in: the network stopped the play; the rest of the prompt is not started either.
      rt.stopPlay('A');
      playing = 0;
      index = prompt.length;
    } else if (s.type === 'digits') {
      if (playing !== 0) rt.stopPlay('A');
      if (s.digits === '') return { type: 'noInput', at: s.at, reason: s.reason };
      rt.digits.push(s.digits);
      await rt.emit('collectInfo', 'A', s.at, { digitInfo: s.digits });
      return { type: 'digits', at: s.at, digits: s.digits, reason: s.reason };
    }
  }
}

/** Starts one prompt item (TTS counted as say counts it); its play id, or the network's refusal. */
async function startItem(rt: VerbRuntime, media: Media) {
  const started = await rt.startPlay('A', media);
  if ('type' in started) return started;
  if (media.kind === 'tts') {
    rt.ttsPlayTimes++;
    rt.ttsTransDuration += Math.ceil(started.durationMs / 1000);
  }
  return started.playId;
}
