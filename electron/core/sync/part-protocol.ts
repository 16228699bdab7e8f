/** Messages between the sync engine (part-writer.ts) and its worker thread (part-worker.ts). */
import type { ErrorCode } from '../../../shared/errors';
import type { Offloaded } from '../apple';
import type { PartRef } from '../cache';
import type { JobCollection, WrittenParts } from './part-job';

export type WorkerRequest =
  | {
      type: 'rows';
      job: number;
      collection: JobCollection;
      rows: string[];
      /** Written to `dir` as they come (a collection written whole), not held until 'write'. */
      stream?: { dir: string } | undefined;
    }
  | {
      type: 'write';
      job: number;
      dir: string;
      parts: Array<{
        collection: JobCollection;
        mergeInto?: PartRef | undefined;
        replaceAdamIds?: readonly string[] | undefined;
        /** Pages streamed ('page') that make this part, all of which must have come. */
        streamed?: number | undefined;
      }>;
    }
  /**
   * One page of a full walk, in any order: the worker appends pages in index order as they line up. Its rows
   * joined by newlines (an encoded row holds none): one string is copied to the worker far faster than hundreds.
   */
  | { type: 'page'; job: number; collection: JobCollection; dir: string; index: number; lines: string }
  /**
   * One page of a full walk as Apple's reply body, unread (transferred, not copied): the worker parses and
   * checks it, keeps its rows as a 'page', and answers `took` with what the client reads of it.
   */
  | {
      type: 'raw-page';
      job: number;
      collection: JobCollection;
      dir: string;
      index: number;
      /** Matches the answer to the request. */
      seq: number;
      body: ArrayBuffer;
    }
  /** The walk began again: its pages so far are dropped. */
  | { type: 'restart'; job: number; collection: JobCollection }
  | { type: 'drop'; job: number }
  | { type: 'probe'; job: number; dir: string; part: Pick<PartRef, 'file' | 'sha256'>; keys: string[] };

export type WorkerReply =
  /** One 'rows' message dealt with (appended to its part, or held): the engine keeps only a few in flight. */
  | { type: 'appended'; job: number }
  | { type: 'written'; job: number; parts: WrittenParts }
  | { type: 'probed'; job: number; present: string[] }
  | { type: 'took'; seq: number; offloaded: Offloaded }
  /** A dropped job's temp files are gone: until then the engine keeps the process alive for the worker. */
  | { type: 'dropped'; job: number }
  | { type: 'failed'; job: number; code: ErrorCode; message: string };
