/** formatPacketDate: vmm-sdat's `%c %Z` (C locale) in several zones, and the statistics block. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureStats, formatPacketDate, formatUdpPacketStatistics } from '../../src/net/index.js';

test('%c %Z in UTC: day padded with a space, 24-hour clock', () => {
  assert.equal(formatPacketDate(1619084940, 'UTC'), 'Thu Apr 22 09:49:00 2021 UTC');
  assert.equal(formatPacketDate(1638544113, 'UTC'), 'Fri Dec  3 15:08:33 2021 UTC');
  assert.equal(formatPacketDate(1659312000, 'UTC'), 'Mon Aug  1 00:00:00 2022 UTC'); // midnight is 00, not 24
  assert.equal(formatPacketDate(NaN, 'UTC'), '');
});

test('zone abbreviations as glibc prints them', () => {
  assert.equal(formatPacketDate(1619084940, 'Europe/Berlin'), 'Thu Apr 22 11:49:00 2021 CEST');
  assert.equal(formatPacketDate(1638544113, 'Europe/Berlin'), 'Fri Dec  3 16:08:33 2021 CET');
  assert.equal(formatPacketDate(1638544113, 'America/New_York'), 'Fri Dec  3 10:08:33 2021 EST');
  assert.equal(formatPacketDate(1638544113, 'Europe/London'), 'Fri Dec  3 15:08:33 2021 GMT');
  assert.equal(formatPacketDate(1638544113, 'Asia/Dubai'), 'Fri Dec  3 19:08:33 2021 +04'); // tzdata has no letters here
});

test('statistics block of an empty capture: empty dates, 0.0 seconds', () => {
  const lines = formatUdpPacketStatistics(new CaptureStats(), 'UTC');
  assert.equal(lines.length, 13);
  assert.equal(lines[3], 'First packet date: ');
  assert.equal(lines[4], 'First packet seconds: 0.0');
  assert.equal(lines[12], '*'.repeat(40));
});

test('more zones: Zurich, Tokyo, Kolkata, Sydney, São Paulo', () => {
  assert.equal(formatPacketDate(1619084940, 'Europe/Zurich'), 'Thu Apr 22 11:49:00 2021 CEST');
  assert.equal(formatPacketDate(1619084940, 'Asia/Tokyo'), 'Thu Apr 22 18:49:00 2021 JST');
  assert.equal(formatPacketDate(1619084940, 'Asia/Kolkata'), 'Thu Apr 22 15:19:00 2021 IST');
  assert.equal(formatPacketDate(1619084940, 'Australia/Sydney'), 'Thu Apr 22 19:49:00 2021 AEST');
  assert.equal(formatPacketDate(1619084940, 'America/Sao_Paulo'), 'Thu Apr 22 06:49:00 2021 -03');
});
