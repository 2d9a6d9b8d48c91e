// The policy's pure parts: quiet hours on Beijing time, client IP lists, international numbers,
// counting windows, and how app settings join the platform's.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveSettings } from '../../src/domain/policy.js';
import { clientIpAllowed, isIpOrCidr } from '../../src/policy/client-ip.js';
import { isInternational } from '../../src/policy/international.js';
import { beijingMinutes, inQuietHours } from '../../src/policy/quiet-hours.js';
import { takeFor, windowStart } from '../../src/policy/windows.js';

const bj = (h: number, m = 0) => Date.UTC(2026, 10, 23, h - 8, m); // Beijing h:m on 2026-11-23

test('Beijing minutes whatever the UTC date', () => {
  assert.equal(beijingMinutes(Date.UTC(2026, 0, 1, 16, 30)), 30); // 00:30 the next day in Beijing
  assert.equal(beijingMinutes(bj(23, 59)), 23 * 60 + 59);
});

test('quiet hours: same day, across midnight, empty', () => {
  const night = { start: '22:00', end: '08:00' };
  assert.equal(inQuietHours(night, bj(21, 59)), false);
  assert.equal(inQuietHours(night, bj(22)), true);
  assert.equal(inQuietHours(night, bj(24 + 3)), true);
  assert.equal(inQuietHours(night, bj(7, 59)), true);
  assert.equal(inQuietHours(night, bj(8)), false);
  const lunch = { start: '12:00', end: '13:30' };
  assert.equal(inQuietHours(lunch, bj(13, 29)), true);
  assert.equal(inQuietHours(lunch, bj(13, 30)), false);
  assert.equal(inQuietHours({ start: '09:00', end: '09:00' }, bj(9)), false);
  assert.equal(inQuietHours({ start: '00:00', end: '24:00' }, bj(17)), true);
});

test('client IPs: addresses, CIDR blocks, IPv6, IPv4-mapped; no list = any', () => {
  const list = ['192.0.2.7', '10.0.0.0/8', '2001:db8::/32'];
  assert.equal(clientIpAllowed(list, '192.0.2.7'), true);
  assert.equal(clientIpAllowed(list, '192.0.2.8'), false);
  assert.equal(clientIpAllowed(list, '10.200.3.4'), true);
  assert.equal(clientIpAllowed(list, '::ffff:10.1.1.1'), true);
  assert.equal(clientIpAllowed(list, '2001:db8:1::5'), true);
  assert.equal(clientIpAllowed(list, '2001:db9::5'), false);
  assert.equal(clientIpAllowed(undefined, '203.0.113.1'), true);
  assert.equal(clientIpAllowed([], '203.0.113.1'), true);
  assert.deepEqual(['1.2.3.4', '1.2.3.0/24', '::1', 'fe80::/10', '1.2.3.4/33', 'host', '1.2.3.4/8/1'].map(isIpOrCidr), [true, true, true, true, false, false, false]);
});

test('international: any number outside the home country code', () => {
  assert.equal(isInternational('+8613800000001', '+86'), false);
  assert.equal(isInternational('+14155550100', '+86'), true);
  assert.equal(isInternational('+8613800000001', '+1'), true);
});

test('windows are aligned on Beijing midnight and keyed by their length', () => {
  assert.equal(windowStart(bj(15, 20), 86400), bj(0));
  assert.equal(windowStart(bj(15, 20, ), 3600), bj(15));
  const a = takeFor('callee', '+861', { max: 3, windowS: 60 }, bj(10, 0));
  assert.deepEqual(a, { scope: 'callee:60', key: '+861', windowStart: bj(10), expiresAt: bj(10, 1), max: 3 });
});

test('app settings override the platform; whitelist mode is on at either level; apiRate is never inherited', () => {
  const platform = { appCalls: { max: 10, windowS: 60 }, quietHours: { start: '22:00', end: '08:00' }, whitelistMode: true, apiRate: { max: 5, windowS: 1 } };
  const app = { appCalls: { max: 2, windowS: 60 }, whitelistMode: false };
  assert.deepEqual(effectiveSettings(app, platform), { appCalls: { max: 2, windowS: 60 }, quietHours: platform.quietHours, whitelistMode: true });
  assert.deepEqual(effectiveSettings({ apiRate: { max: 1, windowS: 60 } }, {}), { apiRate: { max: 1, windowS: 60 }, whitelistMode: false });
});
