/**
 * Snapshot file names. A name read from the main file is trusted only when
 * it is a bare name of exactly this form, so a tampered or mangled cache can
 * never make VPP Desk rename or delete a file outside its data folder
 * ("../somefile", "/etc/x", "C:\\x").
 */
import { randomBytes } from 'node:crypto';

export const SNAPSHOT_PREFIX = 'vpp-desk-snapshot-';
const SNAPSHOT_NAME = /^vpp-desk-snapshot-\d+-[0-9a-f]+\.json$/;

export function newSnapshotName(now: Date): string {
  return `${SNAPSHOT_PREFIX}${now.getTime()}-${randomBytes(4).toString('hex')}.json`;
}

export function isSnapshotName(name: string): boolean {
  return SNAPSHOT_NAME.test(name);
}
