/** License insight: low-stock alerts, usage history, run-out forecasts and the printable report. */
export { detectCrossings, type Crossings } from './crossings';
export { forecast, HORIZON_DAYS, MIN_HISTORY_DAYS, WINDOW_DAYS } from './forecast';
export { historyRows, KEEP_DAYS, recordCounts, trimHistory, type Point, type Series } from './history';
export { HISTORY_FILE, HistoryFile } from './history-file';
export { escapeHtml, renderReport, type ReportInput } from './report';
export { Insight, type InsightDeps } from './service';
