// answer: takes an inbound call (docs/inbound.md): the offered leg is accepted as leg A, and the
// verb returns once the network says it is answered (an answer event; an inbound call has no
// callout or ringing of its own), or how it ended before that (the caller gave up).

import type { DialResult } from './dial.js';
import type { VerbRuntime } from './runtime.js';

export async function answer(rt: VerbRuntime): Promise<Exclude<DialResult, { type: 'opFailed' }>> {
  if (rt.ended) return rt.ended;
  const { times } = rt.accept();
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
    if (n.leg !== 'A') continue;
    const s = n.signal;
    if (s.type === 'answer') {
      times.answerAt = s.at;
      await rt.emit('answer', 'A', s.at);
      return { type: 'answered', at: s.at };
    }
    if (s.type === 'failed') {
      Object.assign(times, { endAt: s.at, q850: s.q850, sipStatus: s.sipStatus });
      return { type: 'failed', at: s.at, failure: s.failure, q850: s.q850, sipStatus: s.sipStatus };
    }
  }
}
