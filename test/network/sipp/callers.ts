// SIPp scenario templates for a caller (UAC) calling the network: the trunk offering a call.

const head = (name: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="${name}">`;

const SDP = `v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
`;

const request = (method: string, ruri: string, cseq: string, branch: string, to: string, extra = '', body = '') => `
  <send${method === 'ACK' ? '' : ' retrans="500"'}><![CDATA[
${method} ${ruri} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${branch}
From: <sip:+8613800000001@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: ${to}
Call-ID: [call_id]
CSeq: ${cseq}
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
${extra}Content-Length: [len]

${body}]]></send>`;

const TO = '<sip:+8613900000100@[remote_ip]:[remote_port]>';
const RURI = 'sip:+8613900000100@[remote_ip]:[remote_port]';

/** INVITE with PCMU/PCMA; the network refuses with status (and a Reason with cause). */
export function callRefused(status: number, cause: number): string {
  return `${head(`refused-${status}`)}${request('INVITE', RURI, '1 INVITE', '[branch]', TO, 'Content-Type: application/sdp\n', SDP)}
  <recv response="100" optional="true"/>
  <recv response="${status}">
    <action><ereg regexp="Q\\.850;cause=${cause}$" search_in="hdr" header="Reason:" check_it="true" assign_to="reason"/></action>
  </recv>${request('ACK', RURI, '1 ACK', '[branch-3]', `${TO}[peer_tag_param]`)}
  <Reference variables="reason"/>
</scenario>
`;
}

/** INVITE answered with a G.711 SDP answer; ACK; then this caller hangs up after talkMs. */
export function callAnswered(talkMs: number): string {
  const inDialog = `${TO}[peer_tag_param]`;
  return `${head('answered')}${request('INVITE', RURI, '1 INVITE', '[branch]', TO, 'Content-Type: application/sdp\n', SDP)}
  <recv response="100" optional="true"/>
  <recv response="200" rrs="true">
    <action><ereg regexp="m=audio [0-9]+ RTP/AVP 0 101" search_in="body" check_it="true" assign_to="answer"/></action>
  </recv>${request('ACK', '[next_url]', '1 ACK', '[branch]', inDialog)}
  <pause milliseconds="${talkMs}"/>${request('BYE', '[next_url]', '2 BYE', '[branch]', inDialog, 'Reason: Q.850;cause=16\n')}
  <recv response="200"/>
  <Reference variables="answer"/>
</scenario>
`;
}
