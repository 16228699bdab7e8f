/** Small building blocks every feature of core uses: time, events, words, locks and background work. */
export { Background } from './background';
export { systemClock, type Clock } from './clock';
export { Emitter, type CoreEventMap, type CoreEvents, type Notice, type Unsubscribe } from './emitter';
export { Exclusive } from './exclusive';
export { FileMutex, type FileMutexOptions } from './file-mutex';
export { Filling } from './filling';
export { LOG_DIR, LOG_FILE, RotatingLog, type LogLevel, type LogOptions } from './log';
export { ProcessLock, type LockInfo } from './process-lock';
export { redact, redactDeep, redactedJson, Redactor, rememberSecret, REDACTED } from './redact';
export { osUser, sourceOfTrigger } from './source';
export { within } from './within';
export { count, KIND_WORDS } from './words';
