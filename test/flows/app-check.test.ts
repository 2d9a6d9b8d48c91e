// checkFlowAgainstApp: media the app does not have or has not approved, params that do not fit
// their template, a callerId not the app's, recording off; each error names its node.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MediaCatalog } from '../../src/domain/media.js';
import { checkFlowAgainstApp, type FlowAppContext } from '../../src/flows/index.js';
import { example, EXAMPLE_FLOW } from './example.js';

const media: MediaCatalog = {
  voiceFile: (_app, name) => (name === 'welcome.wav' ? { name, durationMs: 1000, path: '/x', review: 'approved' } : undefined),
  template: (_app, id) => (id === 'test_template' ? { id, content: '您有${NUM_2}件快递请到${TXT_32}领取', review: 'approved' } : undefined),
  unusable: (_kind, _app, name) => (name.startsWith('pending') ? 'not approved yet (review pending)' : undefined),
};
const ctx: FlowAppContext = { appKey: 'app1', media, numbers: ['+8675528000001'], recordingEnabled: true };

test('the example fits an app with its media, numbers and recording', () => {
  assert.deepEqual(checkFlowAgainstApp(EXAMPLE_FLOW, ctx), []);
});

test('each app-level error names its node and pointer', () => {
  const f = example();
  const n = f.nodes as unknown as Array<Record<string, unknown>>;
  n[0]!.file = 'missing.wav';
  n[1]!.params = ['123', '${place}'];
  n[2]!.prompt = [{ play: 'pending.wav' }, { template: 'pending_tpl' }, { template: 'nope' }];
  n[3]!.prompt = [{ template: 'test_template', params: ['1'] }];
  Object.assign(n[8]!, { callerId: '+8675528000002' });
  const got = checkFlowAgainstApp(f, { ...ctx, recordingEnabled: false }).map((e) => `${e.code} ${e.node} ${e.path}`);
  assert.deepEqual(got, [
    'unknown_voice_file hello /nodes/0/file',
    'template_params notice /nodes/1/params/0',
    'voice_file_not_approved menu /nodes/2/prompt/0/play',
    'template_not_approved menu /nodes/2/prompt/1/template',
    'unknown_template menu /nodes/2/prompt/2/template',
    'template_params when /nodes/3/prompt/0/params',
    'unknown_number transfer /nodes/8/callerId',
    'recording_disabled transfer /nodes/8/record',
  ]);
});
