// validateFlow: every error kind names its node (id and JSON Pointer), all errors come in one
// list, a large valid flow passes and the size limits hold.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOW_LIMITS, type FlowError } from '../../src/domain/flow.js';
import { describeFlowError, flowVariables, validateFlow } from '../../src/flows/index.js';
import { example, EXAMPLE_FLOW } from './example.js';

type Node = Record<string, unknown>;
const errorsOf = (flow: unknown): FlowError[] => {
  const v = validateFlow(flow);
  return v.ok ? [] : v.errors;
};
/** The one error of a flow changed by `change`, as [code, node, path]. */
function onlyError(change: (f: ReturnType<typeof example>, nodes: Node[]) => void): [string, string | undefined, string] {
  const f = example();
  change(f, f.nodes as unknown as Node[]);
  const errors = errorsOf(f);
  assert.equal(errors.length, 1, errors.map(describeFlowError).join('\n'));
  const e = errors[0]!;
  assert.ok(e.message.length > 0);
  return [e.code, e.node, e.path];
}
const node = (nodes: Node[], id: string) => nodes.find((n) => n.id === id)!;

test('the docs example is valid and reads name, count and place from the row', () => {
  const v = validateFlow(EXAMPLE_FLOW);
  assert.equal(v.ok, true, v.ok ? '' : v.errors.map(describeFlowError).join('\n'));
  assert.deepEqual(flowVariables(EXAMPLE_FLOW), ['count', 'place', 'name']);
});

test('each error kind names its node and JSON Pointer', () => {
  const cases: Array<[string, (f: ReturnType<typeof example>, n: Node[]) => void, [string, string | undefined, string]]> = [
    ['unknown type', (_f, n) => { node(n, 'thanks').type = 'speak'; }, ['unknown_type', 'thanks', '/nodes/6/type']],
    ['missing type', (_f, n) => { delete node(n, 'thanks').type; }, ['missing_field', 'thanks', '/nodes/6/type']],
    ['unknown field', (_f, n) => { node(n, 'thanks').voice = 'x'; }, ['unknown_field', 'thanks', '/nodes/6/voice']],
    ['next on a gather', (_f, n) => { node(n, 'menu').next = 'when'; }, ['unknown_field', 'menu', '/nodes/2/next']],
    ['next on a hangup', (_f, n) => { node(n, 'end').next = 'hello'; }, ['unknown_field', 'end', '/nodes/12/next']],
    ['missing required field', (_f, n) => { delete node(n, 'hello').file; }, ['missing_field', 'hello', '/nodes/0/file']],
    ['maxDigits out of range', (_f, n) => { node(n, 'menu').maxDigits = 33; }, ['bad_value', 'menu', '/nodes/2/maxDigits']],
    ['timeout not whole', (_f, n) => { node(n, 'menu').timeout = 2.5; }, ['bad_value', 'menu', '/nodes/2/timeout']],
    ['timeout of a string', (_f, n) => { node(n, 'menu').timeout = '5'; }, ['bad_shape', 'menu', '/nodes/2/timeout']],
    ['terminator', (_f, n) => { node(n, 'menu').terminator = '0'; }, ['bad_value', 'menu', '/nodes/2/terminator']],
    ['maxVisits over the maximum', (_f, n) => { node(n, 'menu').maxVisits = 11; }, ['bad_value', 'menu', '/nodes/2/maxVisits']],
    ['maxVisits zero', (_f, n) => { node(n, 'menu').maxVisits = 0; }, ['bad_value', 'menu', '/nodes/2/maxVisits']],
    ['onMaxVisits to itself', (_f, n) => { node(n, 'menu').onMaxVisits = 'menu'; }, ['bad_value', 'menu', '/nodes/2/onMaxVisits']],
    ['transfer ring timeout', (_f, n) => { node(n, 'transfer').timeout = 4; }, ['bad_value', 'transfer', '/nodes/8/timeout']],
    ['transfer record not boolean', (_f, n) => { node(n, 'transfer').record = 'yes'; }, ['bad_shape', 'transfer', '/nodes/8/record']],
    ['transfer number', (_f, n) => { node(n, 'transfer').to = '13900000001'; }, ['bad_value', 'transfer', '/nodes/8/to']],
    ['transfer number with text around a variable', (_f, n) => { node(n, 'transfer').to = '+86${n}'; }, ['bad_variable', 'transfer', '/nodes/8/to']],
    ['callerId', (_f, n) => { node(n, 'transfer').callerId = 'me'; }, ['bad_value', 'transfer', '/nodes/8/callerId']],
    ['branch of letters', (_f, n) => { (node(n, 'menu').branches as Node).x = 'when'; }, ['bad_value', 'menu', '/nodes/2/branches/x']],
    ['branch longer than maxDigits', (_f, n) => { (node(n, 'menu').branches as Node)['12'] = 'when'; }, ['bad_value', 'menu', '/nodes/2/branches/12']],
    ['branch holding the terminator', (_f, n) => { Object.assign(node(n, 'menu'), { maxDigits: 4, branches: { '1#': 'when', '2': 'agent' } }); }, ['bad_value', 'menu', '/nodes/2/branches/1#']],
    ['branch to a missing node', (_f, n) => { (node(n, 'menu').branches as Node)['3'] = 'agnet'; }, ['missing_node', 'menu', '/nodes/2/branches/3']],
    ['next to a missing node', (_f, n) => { node(n, 'busy').next = 'nowhere'; }, ['missing_node', 'busy', '/nodes/9/next']],
    ['onFailure to a missing node', (_f, n) => { node(n, 'transfer').onFailure = 'nowhere'; node(n, 'goodbye').next = 'busy'; }, ['missing_node', 'transfer', '/nodes/8/onFailure']],
    ['noInput to a missing node', (_f, n) => { node(n, 'when').noInput = 'gone'; }, ['missing_node', 'when', '/nodes/3/noInput']],
    ['an unreachable node', (_f, n) => { n.push({ id: 'orphan', type: 'hangup' }); }, ['unreachable', 'orphan', '/nodes/13']],
    ['start names no node', (f) => { f.start = 'begin'; }, ['missing_start', undefined, '/start']],
    ['no start', (f) => { delete (f as Node).start; }, ['missing_start', undefined, '/start']],
    ['unknown top field', (f) => { f.version = 2; }, ['unknown_field', undefined, '/version']],
    ['a node id of bad syntax', (_f, n) => { n.push({ id: '9lives', type: 'hangup' }); node(n, 'busy').next = '9lives'; }, ['bad_id', '9lives', '/nodes/13/id']],
    ['say with text and template', (_f, n) => { node(n, 'notice').text = 'hi'; }, ['bad_value', 'notice', '/nodes/1/template']],
    ['say with neither', (_f, n) => { Object.assign(node(n, 'thanks'), { text: undefined }); }, ['missing_field', 'thanks', '/nodes/6/text']],
    ['params without a template', (_f, n) => { node(n, 'thanks').params = ['a']; }, ['unknown_field', 'thanks', '/nodes/6/params']],
    ['set with nothing to set', (_f, n) => { delete node(n, 'agent').tag; }, ['missing_field', 'agent', '/nodes/7/tag']],
    ['set value with a variable', (_f, n) => { node(n, 'morning').variables = { slot: '${slot}' }; }, ['bad_variable', 'morning', '/nodes/4/variables/slot']],
    ['set variable name', (_f, n) => { node(n, 'morning').variables = { '1slot': 'x' }; }, ['bad_value', 'morning', '/nodes/4/variables/1slot']],
    ['text too long', (_f, n) => { node(n, 'thanks').text = 'x'.repeat(FLOW_LIMITS.textChars + 1); }, ['too_long', 'thanks', '/nodes/6/text']],
    ['tag too long', (_f, n) => { node(n, 'agent').tag = 't'.repeat(65); }, ['too_long', 'agent', '/nodes/7/tag']],
    ['text with a bad variable', (_f, n) => { node(n, 'thanks').text = 'Thank you ${first name}'; }, ['bad_variable', 'thanks', '/nodes/6/text']],
    ['text with an unclosed variable', (_f, n) => { node(n, 'thanks').text = 'Thank you ${name'; }, ['bad_variable', 'thanks', '/nodes/6/text']],
    ['text with a stray $', (_f, n) => { node(n, 'thanks').text = 'It costs $5'; }, ['bad_variable', 'thanks', '/nodes/6/text']],
    ['empty variable', (_f, n) => { node(n, 'thanks').text = 'Hi ${}'; }, ['bad_variable', 'thanks', '/nodes/6/text']],
    ['param literal too long', (_f, n) => { node(n, 'notice').params = ['x'.repeat(33), '${place}']; }, ['too_long', 'notice', '/nodes/1/params/0']],
    ['param mixing text and a variable', (_f, n) => { node(n, 'notice').params = ['${count} parcels', '${place}']; }, ['bad_variable', 'notice', '/nodes/1/params/0']],
    ['prompt item with two kinds', (_f, n) => { node(n, 'menu').prompt = [{ say: 'a', play: 'b.wav' }]; }, ['bad_value', 'menu', '/nodes/2/prompt/0']],
    ['prompt item play name', (_f, n) => { node(n, 'menu').prompt = [{ play: 'menu.mp3' }]; }, ['bad_value', 'menu', '/nodes/2/prompt/0/play']],
    ['prompt item unknown field', (_f, n) => { node(n, 'menu').prompt = [{ say: 'a', voice: 'x' }]; }, ['unknown_field', 'menu', '/nodes/2/prompt/0/voice']],
    ['voice file name', (_f, n) => { node(n, 'hello').file = '../etc/passwd'; }, ['bad_value', 'hello', '/nodes/0/file']],
    ['too many branches', (_f, n) => { Object.assign(node(n, 'menu'), { maxDigits: 2, branches: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [String(10 + i), i % 2 ? 'when' : 'agent'])) }); }, ['too_large', 'menu', '/nodes/2/branches']],
    ['too many prompt items', (_f, n) => { node(n, 'menu').prompt = Array.from({ length: 11 }, () => ({ play: 'welcome.wav' })); }, ['too_large', 'menu', '/nodes/2/prompt']],
    ['too many params', (_f, n) => { node(n, 'notice').params = Array.from({ length: 11 }, () => '1'); }, ['too_large', 'notice', '/nodes/1/params']],
    ['too many set variables', (_f, n) => { node(n, 'morning').variables = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`v${i}`, 'x'])); }, ['too_large', 'morning', '/nodes/4/variables']],
    ['description too long', (f) => { f.description = 'd'.repeat(501); }, ['too_long', undefined, '/description']],
  ];
  for (const [what, change, expected] of cases) assert.deepEqual(onlyError(change), expected, what);
});

test('a duplicate id is reported at the second node, naming the first', () => {
  const f = example();
  (f.nodes as unknown as Node[]).push({ id: 'menu', type: 'hangup' });
  const errors = errorsOf(f);
  assert.deepEqual(errors.map((e) => [e.code, e.node, e.path]), [['duplicate_id', 'menu', '/nodes/13/id']]);
  assert.match(errors[0]!.message, /also the id of \/nodes\/2/);
});

test('every error is listed at once, in flow then node order, then the graph', () => {
  const f = example();
  const n = f.nodes as unknown as Node[];
  f.extra = true;
  node(n, 'menu').maxDigits = 0;
  node(n, 'transfer').timeout = 500;
  node(n, 'busy').next = 'nowhere';
  n.push({ id: 'orphan', type: 'say' });
  const got = errorsOf(f).map((e) => `${e.code} ${e.node ?? '-'} ${e.path}`);
  assert.deepEqual(got, [
    'unknown_field - /extra',
    'bad_value menu /nodes/2/maxDigits',
    'bad_value transfer /nodes/8/timeout',
    'missing_field orphan /nodes/13/text',
    'missing_node busy /nodes/9/next',
    'unreachable orphan /nodes/13',
  ]);
});

test('a loop is valid: maxVisits bounds it', () => {
  const v = validateFlow({ start: 'a', nodes: [
    { id: 'a', type: 'say', text: 'again', next: 'b' },
    { id: 'b', type: 'set', tag: 'looped', next: 'a', maxVisits: 10 },
  ] });
  assert.equal(v.ok, true);
});

test('not a flow at all: one error for the whole, or for the nodes', () => {
  for (const input of [null, [], 'flow', 42]) {
    assert.deepEqual(errorsOf(input).map((e) => [e.code, e.path]), [['bad_shape', '']], JSON.stringify(input));
  }
  // Without an array of nodes, whether start names one cannot be said.
  assert.deepEqual(errorsOf({ start: 'a' }).map((e) => [e.code, e.path]), [['missing_field', '/nodes']]);
  assert.deepEqual(errorsOf({ start: 'a', nodes: {} }).map((e) => [e.code, e.path]), [['bad_shape', '/nodes']]);
  assert.deepEqual(errorsOf({ start: 'a', nodes: [] }).map((e) => [e.code, e.path]), [['bad_value', '/nodes'], ['missing_start', '/start']]);
  assert.deepEqual(errorsOf({ start: 'a', nodes: ['a'] }).map((e) => [e.code, e.path]), [['bad_shape', '/nodes/0'], ['missing_start', '/start']]);
  assert.deepEqual(errorsOf({ start: 1, nodes: [{ id: 'a', type: 'hangup' }] }).map((e) => [e.code, e.path]), [['bad_shape', '/start']]);
});

/** A chain of `count` menus, each a gather whose 1 goes on and whose 2 goes back to the first. */
function bigFlow(count: number, text = 'Press 1 to go on, 2 to start over.'): { start: string; nodes: Node[] } {
  const nodes: Node[] = [];
  for (let i = 0; i < count - 1; i++) {
    nodes.push({ id: `m${i}`, type: 'gather', prompt: [{ say: text }], branches: { '1': `m${i + 1}`, '2': 'm0' }, noInput: `m${i}`, default: `m${i}`, maxVisits: 10, onMaxVisits: `m${count - 1}` });
  }
  nodes.push({ id: `m${count - 1}`, type: 'hangup' });
  return { start: 'm0', nodes };
}

test('a flow at the node limit is valid; one node more is too large', () => {
  const v = validateFlow(bigFlow(FLOW_LIMITS.nodes));
  assert.equal(v.ok, true, v.ok ? '' : v.errors.slice(0, 3).map(describeFlowError).join('\n'));
  const over = errorsOf(bigFlow(FLOW_LIMITS.nodes + 1));
  assert.deepEqual(over.map((e) => [e.code, e.path]), [['too_large', '/nodes']]);
  assert.match(over[0]!.message, /201 nodes, at most 200/);
});

test('a flow over the JSON size limit is too large, each text within its own', () => {
  const errors = errorsOf(bigFlow(150, 'x'.repeat(FLOW_LIMITS.textChars)));
  assert.deepEqual(errors.map((e) => [e.code, e.path]), [['too_large', '']]);
  assert.match(errors[0]!.message, /bytes as compact JSON, at most 65536/);
});

test('a flow reading more distinct variables than the limit is too large', () => {
  const names = Array.from({ length: FLOW_LIMITS.variables + 1 }, (_, i) => `\${v${i}}`).join(' ');
  const errors = errorsOf({ start: 'a', nodes: [{ id: 'a', type: 'say', text: names }] });
  assert.deepEqual(errors.map((e) => [e.code, e.path]), [['too_large', '/nodes']]);
  const ok = Array.from({ length: FLOW_LIMITS.variables }, (_, i) => `\${v${i % 50}}`).join('');
  assert.equal(validateFlow({ start: 'a', nodes: [{ id: 'a', type: 'say', text: ok }] }).ok, true);
});

test('a value nested too deeply for JSON.stringify is refused, not thrown', () => {
  const deep = JSON.parse('['.repeat(120_000) + ']'.repeat(120_000)) as unknown;
  const errors = errorsOf({ start: 'a', nodes: [{ id: 'a', type: 'gather', maxDigits: deep }], extra: deep });
  assert.deepEqual(errors.map((e) => [e.code, e.path]), [['too_large', ''], ['unknown_field', '/extra'], ['bad_shape', '/nodes/0/maxDigits']]);
  assert.match(errors[2]!.message, /got a deeply nested array/);
});

test('describeFlowError writes one line with the node, the path and the code', () => {
  const [e] = errorsOf({ start: 'a', nodes: [{ id: 'a', type: 'gather', maxDigits: 40 }] });
  assert.equal(describeFlowError(e!), 'node "a" at /nodes/0/maxDigits: must be a whole number 1 to 32, got 40 [bad_value]');
  assert.equal(describeFlowError({ code: 'bad_shape', path: '', message: 'x' }), 'the flow: x [bad_shape]');
});
