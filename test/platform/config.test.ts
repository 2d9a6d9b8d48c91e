// Settings voxcall cannot use are ConfigErrors (printed as one line, src/platform/start-errors.ts),
// and durations that feed timers are bounded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

test('an IP block longer than 30 days, and timer durations past 2^31-1 ms, are refused', () => {
  assert.equal(loadConfig({ VOXCALL_AUTH_BLOCK_S: '2592000' }).auth.blockMs, 2_592_000_000);
  assert.match(refusal({ VOXCALL_AUTH_BLOCK_S: '2592001' }).message, /^VOXCALL_AUTH_BLOCK_S must be a number from 1 to 2592000, got "2592001"$/);
  assert.match(refusal({ VOXCALL_AUTH_BLOCK_S: '1e300' }).message, /VOXCALL_AUTH_BLOCK_S/);
  for (const name of [
    'VOXCALL_AUTH_TOLERANCE_S', 'VOXCALL_AUTH_FAILURE_WINDOW_S', 'VOXCALL_BREAKER_COOLDOWN_S', 'VOXCALL_BREAKER_MAX_COOLDOWN_S',
    'VOXCALL_POLICY_RELOAD_S', 'VOXCALL_KEEP_ALIVE_TIMEOUT_S', 'VOXCALL_IDLE_TIMEOUT_S',
  ]) {
    assert.doesNotThrow(() => loadConfig({ [name]: '2147483' }), name);
    assert.match(refusal({ [name]: '2147484' }).message, new RegExp(`^${name} must be a number from [0-9.]+ to 2147483, got "2147484"$`));
  }
});

test('a bad public URL, allowed host or timeout pair is a ConfigError', () => {
  assert.match(refusal({ VOXCALL_PUBLIC_URL: 'notaurl' }).message, /^VOXCALL_PUBLIC_URL must be an absolute URL/);
  assert.match(refusal({ VOXCALL_PUBLIC_URL: 'ftp://x.example' }).message, /^VOXCALL_PUBLIC_URL must be an http\(s\) URL/);
  assert.match(refusal({ VOXCALL_ALLOWED_HOSTS: 'http://x.example:80' }).message, /^VOXCALL_ALLOWED_HOSTS lists host names/);
  assert.match(refusal({ VOXCALL_HEADERS_TIMEOUT_S: '40' }).message, /^VOXCALL_HEADERS_TIMEOUT_S \(40\) must not exceed/);
});
