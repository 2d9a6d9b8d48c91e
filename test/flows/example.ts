// The complete example of docs/flows.md (a test checks the docs hold this very flow): a two-level
// DTMF flow on the demo app's seeded media (welcome.wav, test_template).

import type { FlowDefinition } from '../../src/domain/flow.js';

export const EXAMPLE_FLOW: FlowDefinition = {
  start: 'hello',
  description: 'Parcel notice: 1 confirms (then morning or afternoon), 2 talks to an agent; no input: asked twice more, then goodbye',
  nodes: [
    { id: 'hello', type: 'play', file: 'welcome.wav', next: 'notice' },
    { id: 'notice', type: 'say', template: 'test_template', params: ['${count}', '${place}'], next: 'menu' },
    {
      id: 'menu', type: 'gather', maxVisits: 3, onMaxVisits: 'noAnswer',
      prompt: [{ say: 'Hello ${name}. Press 1 to confirm, press 2 to talk to an agent.' }],
      maxDigits: 1, timeout: 5,
      branches: { '1': 'when', '2': 'agent' }, noInput: 'menu', default: 'menu',
    },
    {
      id: 'when', type: 'gather', maxVisits: 3, onMaxVisits: 'noAnswer',
      prompt: [{ say: 'Press 1 for a morning delivery, 2 for the afternoon.' }],
      branches: { '1': 'morning', '2': 'afternoon' }, noInput: 'when', default: 'when',
    },
    { id: 'morning', type: 'set', tag: 'confirmed', variables: { slot: 'morning' }, next: 'thanks' },
    { id: 'afternoon', type: 'set', tag: 'confirmed', variables: { slot: 'afternoon' }, next: 'thanks' },
    { id: 'thanks', type: 'say', text: 'Thank you, goodbye.', next: 'end' },
    { id: 'agent', type: 'set', tag: 'agent', next: 'transfer' },
    { id: 'transfer', type: 'transfer', to: '+8613900000001', timeout: 30, record: true, onFailure: 'busy' },
    { id: 'busy', type: 'say', text: 'All our agents are busy; we will call you back.', next: 'end' },
    { id: 'noAnswer', type: 'set', tag: 'no_input', next: 'goodbye' },
    { id: 'goodbye', type: 'say', text: 'We could not hear you. Goodbye.', next: 'end' },
    { id: 'end', type: 'hangup' },
  ],
};

/** A deep copy to change in a test. */
export function example(): FlowDefinition & Record<string, unknown> {
  return structuredClone(EXAMPLE_FLOW) as FlowDefinition & Record<string, unknown>;
}
