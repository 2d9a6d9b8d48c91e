// The documented limits and defaults of tasks (docs/tasks.md, "Limits").

export const TASK_LIMITS = {
  maxRowsPerTask: 100_000,
  /** Largest CSV upload: a 100,000-row table of a few variables fits with room to spare. */
  maxUploadBytes: 32 * 1024 * 1024,
  maxColumns: 64,
  maxColumnNameChars: 64,
  maxValueChars: 512,
  /** Refused rows listed one by one in an answer; the rest are only counted. */
  maxRefusalsListed: 1000,
  /** Rows written per store transaction while an upload streams in. */
  batchRows: 1000,
  maxDisplayNumbers: 50,
  maxWindows: 100,
  maxForbiddenDates: 400,
  concurrency: { min: 1, max: 1000, default: 10 },
  cps: { min: 1, max: 200, default: 5 },
  maxTries: { min: 1, max: 10, default: 3 },
  intervalSeconds: { min: 10, max: 7 * 86_400, default: 600 },
  /** An upload that has not finished within this time is taken over by the next one (a crash). */
  uploadLeaseMs: 10 * 60_000,
  maxPageRows: 1000,
} as const;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The reserved columns of a task's header: the callee's number, and the row's own time zone. */
export const CALLEE_COLUMN = 'callee';
export const TZ_COLUMN = 'tz';
