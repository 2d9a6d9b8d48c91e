// A CSV upload as a stream of records, parsed by csv-parse (docs/tasks.md says why that one):
// UTF-8 with or without a BOM, quoted fields (commas, quotes and line breaks inside), CRLF or LF.
// Bytes are counted as they arrive: past the limit the stream fails with uploadTooLarge without
// reading further, so memory holds one parser buffer and one batch, whatever the upload's size.

import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { refuseTask, TaskRefusal } from './refusals.js';

/** Fails the stream once more than `max` bytes went through. */
export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) return done(refuseTask('uploadTooLarge', `the upload is larger than ${max} bytes`));
      done(null, chunk);
    },
  });
}

/** The upload's records (arrays of strings), the header first. Malformed CSV throws malformedCsv naming the line. */
export async function* csvRecords(body: Readable, maxBytes: number): AsyncGenerator<string[]> {
  const parser = parse({
    bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1024 * 1024,
    // CRLF and LF both end a record, even mixed in one file (a table edited on two systems).
    record_delimiter: ['\r\n', '\n'],
  });
  const limit = byteLimit(maxBytes);
  // Errors of the body or the limit end the parser too: the loop below then throws them.
  const fail = (err: Error) => parser.destroy(err);
  body.on('error', fail);
  limit.on('error', fail);
  body.pipe(limit).pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
  } catch (err) {
    if (err instanceof TaskRefusal) throw err;
    if (err instanceof CsvError) throw refuseTask('malformedCsv', `${err.message.replace(/^Invalid Record Length: /, '')} (${err.code})`);
    throw err;
  } finally {
    body.unpipe(limit);
    limit.unpipe(parser);
    body.off('error', fail);
    limit.off('error', fail);
    body.resume(); // the rest of an abandoned body is read and dropped, so the connection can answer
  }
}
