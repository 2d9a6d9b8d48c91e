// CLI commands for voice files and TTS templates: upload/add, list, approve, reject.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError, type ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';

const path = (appKey: string, rest: string) => `/v1/apps/${encodeURIComponent(appKey)}${rest}`;

function review(v: string): string {
  if (!['pending', 'approved', 'rejected'].includes(v)) throw new InvalidArgumentError('pending, approved or rejected');
  return v;
}

export function registerMediaCommands(program: Command, call: ManageCall, out: () => Out): void {
  const voice = program.command('voice').description("an app's voice files (WAV; only approved ones play)");
  voice
    .command('upload <appKey> <file>')
    .description('uploads a WAV (PCM 8/16-bit 8 or 16 kHz mono, or G.711 A-law/µ-law 8 kHz mono); it waits for review')
    .option('--name <name>', 'the name calls use (default: the file name)')
    .action(async (appKey: string, file: string, o: { name?: string }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      const name = o.name ?? basename(file);
      const answer = (await call('PUT', path(appKey, `/voice-files/${encodeURIComponent(name)}`), undefined, { raw: bytes, contentType: 'audio/wav' })) as Record<string, unknown>;
      printRecord(out(), answer, out().json ? undefined : `Uploaded; it plays once approved (voxcall voice approve ${appKey} ${name}).`);
    });
  voice
    .command('list <appKey>')
    .option('--review <state>', 'pending | approved | rejected', review)
    .action(async (appKey: string, o: { review?: string }) => {
      const answer = (await call('GET', path(appKey, `/voice-files${o.review ? `?review=${o.review}` : ''}`))) as { voiceFiles: Array<Record<string, unknown>> };
      printTable(out(), answer, answer.voiceFiles, ['name', 'review', 'format', 'durationMs']);
    });

  const template = program.command('template').description("an app's TTS templates (only approved ones are used)");
  template
    .command('add <appKey> <content>')
    .description('adds a template, e.g. "您有${NUM_2}件快递请到${TXT_32}领取"; it waits for review')
    .option('--id <id>', 'the templateId calls name (default: a new tpl_ id)')
    .action(async (appKey: string, content: string, o: { id?: string }) => {
      const answer = (await call('POST', path(appKey, '/templates'), { id: o.id, content })) as Record<string, unknown> & { variables: Array<{ name: string }> };
      printRecord(out(), out().json ? answer : { ...answer, variables: answer.variables.map((v) => v.name) });
    });
  template
    .command('list <appKey>')
    .option('--review <state>', 'pending | approved | rejected', review)
    .action(async (appKey: string, o: { review?: string }) => {
      const answer = (await call('GET', path(appKey, `/templates${o.review ? `?review=${o.review}` : ''}`))) as { templates: Array<Record<string, unknown>> };
      printTable(out(), answer, answer.templates, ['id', 'review', 'content']);
    });

  for (const [group, noun, segment] of [[voice, 'voice file', 'voice-files'], [template, 'template', 'templates']] as const) {
    for (const verb of ['approve', 'reject'] as const) {
      group
        .command(`${verb} <appKey> <${segment === 'templates' ? 'id' : 'name'}>`)
        .option('--note <text>', 'a remark kept with the review')
        .action(async (appKey: string, id: string, o: { note?: string }) => {
          const answer = await call('POST', path(appKey, `/${segment}/${encodeURIComponent(id)}/${verb}`), { note: o.note });
          printDone(out(), answer, `${noun} ${id} is ${verb === 'approve' ? 'approved' : 'rejected'}`);
        });
    }
  }
}
