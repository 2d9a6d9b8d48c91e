// The variables a flow reads from a task row: where, as what, and which row values fit each use.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkVariableValue, flowVariables, flowVariableUses, scanText, variableValueProblem, type VariableUse } from '../../src/flows/index.js';
import { EXAMPLE_FLOW } from './example.js';

test('scanText: names in order, or the syntax problem', () => {
  assert.deepEqual(scanText('您好${姓名}, ${name} and ${name}, ${_x1}'), { names: ['姓名', 'name', 'name', '_x1'] });
  assert.deepEqual(scanText('no variables'), { names: [] });
  for (const bad of ['${1x}', '${a b}', '${a', 'a}', '$', '${a-b}', '${}', '${a}${']) assert.ok(scanText(bad).problem, bad);
});

test('flowVariableUses: every read with its node, pointer and kind', () => {
  const flow = {
    start: 'a',
    nodes: [
      { id: 'a', type: 'gather' as const, prompt: [{ say: 'Hi ${name}' }, { template: 't1', params: ['3', '${place}'] }], default: 'b' },
      { id: 'b', type: 'transfer' as const, to: '${agentNumber}' },
    ],
  };
  assert.deepEqual(flowVariableUses(flow), [
    { name: 'name', node: 'a', path: '/nodes/0/prompt/0/say', as: 'text' },
    { name: 'place', node: 'a', path: '/nodes/0/prompt/1/params/1', as: 'param', template: 't1', paramIndex: 1 },
    { name: 'agentNumber', node: 'b', path: '/nodes/1/to', as: 'number' },
  ]);
  assert.deepEqual(flowVariables(flow), ['name', 'place', 'agentNumber']);
  assert.deepEqual(flowVariables(EXAMPLE_FLOW), ['count', 'place', 'name']);
});

test('checkVariableValue: a text value, a template value of its type and length, a number', () => {
  const [count, place, name] = flowVariableUses(EXAMPLE_FLOW);
  const template = '您有${NUM_2}件快递请到${TXT_32}领取';
  assert.equal(checkVariableValue(count!, '3', template), undefined);
  assert.match(checkVariableValue(count!, '123', template)!, /longer than 2 characters, the most \$\{NUM_2\} of template test_template takes/);
  assert.match(checkVariableValue(count!, 'x', template)!, /must be digits 0-9/);
  assert.equal(checkVariableValue(place!, '人民公园正门', template), undefined);
  assert.equal(checkVariableValue(name!, '张三', template), undefined);
  assert.match(checkVariableValue(name!, 'x'.repeat(65))!, /longer than 64 characters/);
  assert.match(checkVariableValue(name!, '')!, /is empty/);
  assert.match(checkVariableValue(name!, 'a{b}')!, /contains "\$", "\{" or "\}"/);
  const to = { name: 'n', node: 'x', path: '/nodes/0/to', as: 'number' as const };
  assert.equal(checkVariableValue(to, '+8613900000001'), undefined);
  assert.match(checkVariableValue(to, '13900000001')!, /must be a number/);
});

test('variableValueProblem: the problem classified as the task upload refuses it (too_long or bad_value)', () => {
  const [count, , name] = flowVariableUses(EXAMPLE_FLOW);
  const template = '您有${NUM_2}件快递请到${TXT_32}领取';
  const kind = (use: VariableUse, value: string, content?: string) => variableValueProblem(use, value, content)?.kind;
  assert.equal(kind(count!, '12', template), undefined);
  assert.equal(kind(count!, '123', template), 'too_long');
  assert.equal(kind(count!, '1x', template), 'bad_value');
  assert.equal(kind(count!, 'x'.repeat(33)), 'too_long', 'an unknown template: the generic 32 characters');
  assert.equal(kind(name!, 'x'.repeat(65)), 'too_long');
  assert.equal(kind(name!, '$x'), 'bad_value');
  assert.equal(kind({ name: 'n', node: 'x', path: '/nodes/0/to', as: 'number' }, '139'), 'bad_value');
  assert.equal(variableValueProblem(count!, '123', template)?.message, checkVariableValue(count!, '123', template));
});
