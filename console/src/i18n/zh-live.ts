// 实时列表的中文（键与 en-live.ts 一一对应）。

import type { enLive } from './en-live';

export const zhLive: Record<keyof typeof enLive, string> = {
  'live.list': '实时：每 2 秒更新',
  'live.notLive': '第 {n} 页：不实时更新',
  'live.newCalls': '新呼叫：{n}',
  'live.newPushes': '新推送：{n}',
  'live.show': '显示',
  'pushes.countChanged': '确认期间匹配的推送数量已变化，未重发任何推送。最新数量如下：',
  'call.cdrPending': '呼叫结束后生成话单。',
};
