// One line per Huawei push as the demos print it: a CDR's answer/failure and recording, a status
// event's numbers, digits or hangup reason. `label` names a call by its sessionId.

export function describePush(path: string, body: any, label: (sessionId: string) => string, opts: { serviceType?: boolean } = {}): string {
  if (path === '/fee') {
    return body.feeLst
      .map((f: any) => `fee     ${label(f.sessionId).padEnd(13)} CDR${opts.serviceType ? ` serviceType ${f.serviceType}` : ''}, ${f.callOutAnswerTime ? `answered ${f.callOutAnswerTime}` : `failed (Q.850 ${f.callOutUnaswRsn})`}, ended ${f.callEndTime}${f.recordFlag ? `, recorded ${f.recordObjectName}` : ''}`)
      .join('\n' + ' '.repeat(10));
  }
  const s = body.statusInfo;
  const extra = body.eventType === 'collectInfo' ? `digits "${s.digitInfo}"` : body.eventType === 'disconnect' ? `stateCode ${s.stateCode} (${s.stateDesc})${s.partyType ? `, by ${s.partyType}` : ''}` : `${s.caller} -> ${s.called}`;
  return `status  ${label(s.sessionId).padEnd(13)} ${body.eventType.padEnd(11)} ${extra}`;
}
