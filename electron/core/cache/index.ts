/** The local cache: lowdb main file + snapshot file, their schema and migrations, and the install id. */
export { loadInstallId, saveInstallId } from './install-id';
export * from './schema';
export { ACTIVITY_CAP, ACTIVITY_FILE } from './activity-log';
export { CACHE_FILE, Store, type ActivityDetail, type StoreNotice, type UpdateOptions } from './store';
export { inviteUrlOf, termsStatusOf } from './terms';
export { keptSpans, readPartLines, rowsStartingWith, type PartLines, type RowSpan } from './part-lines';
export { assetKeyOfRow } from './asset-key';
export { leanRef, readCounts, writeCounts } from './part-counts';
export {
  COLLECTIONS,
  PART_COLUMNS,
  PartStream,
  encodeRow,
  perAssetOf,
  readAssignmentRowsSync,
  readPartSync,
  writeEncodedPart,
  type Collection,
  type PartKind,
  type PartRef,
  type PerAsset,
} from './snapshot-parts';
