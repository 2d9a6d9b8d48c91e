// The English strings of live lists: new rows are counted, not inserted, until asked for (spread
// into en.ts; zh-live.ts has the same keys, its type says so).

export const enLive = {
  'live.list': 'Live: updates every 2 s',
  'live.notLive': 'Page {n}: not updated live',
  'live.newCalls': 'New calls: {n}',
  'live.newPushes': 'New pushes: {n}',
  'live.show': 'Show them',
  'pushes.countChanged': 'The number of matching pushes changed while you were confirming; nothing was replayed. Here is the new number:',
  'call.cdrPending': 'The CDR arrives when the call ends.',
} as const;
