// SIPp scenario templates for the far end (UAS). SIPp checks status lines when it loads a
// scenario and does not substitute -key values in attributes, so each run gets its own XML.

const head = (name: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="${name}">`;

// The network pings the trunk with OPTIONS at start: each scenario answers it as a call of its own
// (so a run handles calls + 1), then jumps to the end.
const INVITE_IN = `
  <recv request="OPTIONS" optional="true" next="ping"/>
  <recv request="INVITE" rrs="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="remote_from"/>
      <ereg regexp="[0-9]+ INVITE" search_in="hdr" header="CSeq:" assign_to="invite_cseq"/>
    </action>
  </recv>`;

const reply = (status: string, extra = '', body = '', cseq = '[last_CSeq:]') => `
  <send><![CDATA[
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
${cseq}
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
${extra}Content-Length: [len]

${body}]]></send>`;

const SDP = `v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
`;
const SDP_HEADERS = 'Content-Type: application/sdp\n';

const ok200 = reply('200 OK', SDP_HEADERS, SDP);

/** A request SIPp sends inside the dialog it answered. */
const inDialog = (method: string, cseq: number, extra = '', body = '') => `
  <send${method === 'ACK' ? '' : ' retrans="500"'}><![CDATA[
${method} [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
To: [$remote_from]
[last_Call-ID:]
CSeq: ${cseq} ${method}
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
${extra}Content-Length: [len]

${body}]]></send>`;

const end = `
  <nop next="over"/>
  <label id="ping"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag02[call_number]
[last_Call-ID:]
[last_CSeq:]
Allow: INVITE, ACK, BYE, CANCEL, OPTIONS
Content-Length: 0

]]></send>
  <label id="over"/>
  <Reference variables="remote_from,invite_cseq"/>
</scenario>
`;

const pause = (ms: number) => `\n  <pause milliseconds="${ms}"/>`;
const ringing = reply('180 Ringing');
const ack = '\n  <recv request="ACK"/>';
const byeFromUs = `\n  <recv request="BYE"/>${reply('200 OK')}`;

export interface AnswerOptions {
  ringMs?: number;
  /** 'far': SIPp hangs up after talkMs (with a Reason cause when given); 'near': it waits for our BYE. */
  hangup: 'far' | 'near';
  talkMs?: number;
  cause?: number;
  /** Keys SIPp presses (RFC 4733 pcaps) after pressAfterMs, 400 ms apart. */
  keys?: string;
  pressAfterMs?: number;
  /** After answering, SIPp sends OPTIONS and a re-INVITE in the dialog. */
  probes?: boolean;
}

const PCAP = '/usr/share/sip-tester';
const pcapOf = (k: string) => `${PCAP}/dtmf_2833_${k === '#' ? 'pound' : k === '*' ? 'star' : k}.pcap`;
const playPcap = (file: string) => `\n  <nop><action><exec play_pcap_audio="${file}"/></action></nop>`;

export function answers(o: AnswerOptions): string {
  let x = head('answers') + INVITE_IN + pause(o.ringMs ?? 100) + ringing + pause(o.ringMs ?? 100) + ok200 + ack;
  if (o.keys) {
    x += pause(o.pressAfterMs ?? 1000);
    for (const k of o.keys) x += playPcap(pcapOf(k)) + pause(400);
  }
  if (o.probes) {
    x += inDialog('OPTIONS', 2) + '\n  <recv response="200"/>';
    x += inDialog('INVITE', 3, SDP_HEADERS, SDP) + '\n  <recv response="100" optional="true"/>\n  <recv response="200"/>';
    x += inDialog('ACK', 3);
  }
  if (o.hangup === 'far') {
    x += pause(o.talkMs ?? 500) + inDialog('BYE', 4, o.cause !== undefined ? `Reason: Q.850;cause=${o.cause}\n` : '') + '\n  <recv response="200"/>';
  } else x += byeFromUs;
  return x + end;
}

/** Answers (or not) with a final status, optionally after ringing and with a Reason cause. */
export function refuses(status: string, o: { ringMs?: number; cause?: number } = {}): string {
  const ring = o.ringMs !== undefined ? ringing + pause(o.ringMs) : '';
  const reason = o.cause !== undefined ? `Reason: Q.850;cause=${o.cause}\n` : '';
  return head(`refuses-${status.slice(0, 3)}`) + INVITE_IN + ring + reply(status, reason) + ack + end;
}

/** Rings until our CANCEL: 200 to it, 487 to the INVITE, then our ACK. */
export function ringsUntilCancel(): string {
  return head('rings') + INVITE_IN + ringing + '\n  <recv request="CANCEL"/>' + reply('200 OK') + reply('487 Request Terminated', '', '', 'CSeq: [$invite_cseq]') + ack + end;
}

/** 183 with SDP and early media (a pcap), then 480. */
export function earlyMediaThen480(): string {
  return head('early') + INVITE_IN + reply('183 Session Progress', SDP_HEADERS, SDP) + playPcap(`${PCAP}/g711a.pcap`) + pause(300) + reply('480 Temporarily Unavailable') + ack + end;
}

/** Challenges with 401 (SIPp checks the digest with verifyauth) or 407 (the retry must carry a Proxy-Authorization). */
export function challenges(kind: 401 | 407, creds: { username: string; password: string }): string {
  const header = kind === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const status = kind === 401 ? '401 Authorization Required' : '407 Proxy Authentication Required';
  let x = head(`auth-${kind}`) + INVITE_IN + reply(status, `${header}: Digest realm="voxcall.test", nonce="8f2b1c3d4e5f", qop="auth"\n`) + ack;
  if (kind === 401) {
    x += `
  <recv request="INVITE" rrs="true">
    <action><verifyauth assign_to="authvalid" username="${creds.username}" password="${creds.password}"/></action>
  </recv>
  <nop test="authvalid" next="good"/>${reply('403 Forbidden')}${ack}
  <nop next="done"/>
  <label id="good"/>`;
  } else {
    x += `
  <recv request="INVITE" rrs="true">
    <action><ereg regexp="Digest .*username=&quot;${creds.username}&quot;.*response=" search_in="hdr" header="Proxy-Authorization:" check_it="true" assign_to="proxyauth"/></action>
  </recv>`;
  }
  x += ringing + ok200 + ack + byeFromUs;
  if (kind === 401) x += '\n  <label id="done"/>';
  else x += '\n  <Reference variables="proxyauth"/>';
  return x + end;
}
