// The demo's second half: the same calls pushed to subscriptions in the vsp, ucloud and robot
// formats (signed with Standard Webhooks), received beside the Huawei pushes, and a side-by-side
// summary of what each format said about each call.

import { request } from 'undici';
import { WebhookVerifier } from '../src/client/index.js';
import { decodePush, type DecodedRecord } from '../src/push/dialects/decode/index.js';

export const SUB_FORMATS = ['vsp', 'ucloud', 'robot'] as const;
const PREFIX = '/sub/';

export interface FormatPush {
  format: string;
  body: any;
  record?: DecodedRecord;
  callId: string;
  signed: boolean;
}

export class FormatReceiver {
  readonly seen: FormatPush[] = [];
  readonly #verifiers = new Map<string, WebhookVerifier>();

  /** Subscribes the app to each format at `<receiverUrl>/sub/<format>`, through the management API. */
  async subscribe(platformUrl: string, adminToken: string, appKey: string, receiverUrl: string): Promise<void> {
    for (const format of SUB_FORMATS) {
      const res = await request(`${platformUrl}/v1/apps/${appKey}/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${receiverUrl}${PREFIX}${format}`, format, secret: true }),
      });
      const answer = (await res.body.json()) as { secret?: string; error?: { message: string } };
      if (res.statusCode !== 201 || !answer.secret) throw new Error(`subscribing to ${format}: ${answer.error?.message ?? res.statusCode}`);
      this.#verifiers.set(format, new WebhookVerifier({ secret: answer.secret }));
    }
  }

  /** Handles a request to /sub/<format>: undefined for any other path. */
  handle(path: string, headers: Record<string, string | string[] | undefined>, raw: string): { reply: { status: number; body: string }; push: FormatPush } | undefined {
    if (!path.startsWith(PREFIX)) return undefined;
    const format = path.slice(PREFIX.length);
    const decoded = decodePush(format, raw);
    const item = decoded.items[0]!;
    const push: FormatPush = { format, body: JSON.parse(raw), callId: item.kind === 'task' ? item.taskId : item.callId, signed: this.#verifiers.get(format)?.verify(headers, raw).ok === true };
    if (item.kind === 'record') push.record = item;
    this.seen.push(push);
    // Each format's own success answer.
    const reply = format === 'robot' ? { status: 200, body: 'success' } : { status: 200, body: '{"code":0,"message":"ok"}' };
    return { reply, push };
  }

  /** One line for the live timeline. */
  describe(p: FormatPush, label: string): string {
    const b = p.body;
    const what = p.format === 'vsp'
      ? (b.eventType !== undefined ? `status eventType ${b.eventType} at ${b.eventTime}` : `CDR callResult ${b.callResult}, ${b.callDuration} s, releaseType ${b.releaseType}`)
      : p.format === 'ucloud'
        ? `receipt ${b.ReceiptResult}/${b.ReceiptCode} ${b.ReceiptDesc}, CostCount ${b.CostCount}`
        : `record task_result ${b.task_result} ${b.task_result_desc}, time_answer ${b.time_answer}, ${b.duration_call} s`;
    return `${p.format.padEnd(7)} ${label.padEnd(13)} ${what}`;
  }

  /** True once every format's record of every call arrived. */
  complete(callIds: string[]): boolean {
    return callIds.every((id) => SUB_FORMATS.every((f) => this.seen.some((p) => p.format === f && p.callId === id && p.record)));
  }

  /** The records side by side, one row per call. */
  table(calls: Array<[string, string]>, huawei: (callId: string) => string): string[] {
    const cell = (id: string, f: string) => {
      const p = this.seen.find((x) => x.format === f && x.callId === id && x.record);
      if (!p) return 'none yet';
      const b = p.body;
      if (f === 'vsp') return `callResult ${b.callResult}, ${b.callDuration} s`;
      if (f === 'ucloud') return `${b.ReceiptCode}, CostCount ${b.CostCount}`;
      return `${b.task_result} ${b.task_result_desc}, ${b.duration_call} s`;
    };
    const rows = [['call', 'huawei', ...SUB_FORMATS], ...calls.map(([id, name]) => [name, huawei(id), ...SUB_FORMATS.map((f) => cell(id, f))])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    return rows.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
  }

  get unsigned(): number {
    return this.seen.filter((p) => !p.signed).length;
  }
}
