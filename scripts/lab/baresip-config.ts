// The files a lab phone's baresip reads from its own config dir (baresip -f DIR). Why each line is
// there: docs/lab.md ("The config it writes").

export interface PhoneConfig {
  name: string;
  dir: string;
  sipPort: number;
  rtpPorts: [number, number];
  ctrlPort: number;
  sourceWav: string;
  codec?: 'PCMU' | 'PCMA';
  autoAnswer: boolean;
}

/** Audio codecs load before account.so, which otherwise rejects audio_codecs= it cannot resolve yet. */
const MODULES = ['g711.so', 'uuid.so', 'account.so', 'aufile.so', 'aubridge.so', 'sndfile.so'];
const APP_MODULES = ['menu.so', 'ctrl_tcp.so'];

export function configText(c: PhoneConfig): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${c.sipPort}`,
    'net_interface 127.0.0.1',
    `rtp_ports ${c.rtpPorts[0]}-${c.rtpPorts[1]}`,
    `audio_source aufile,${c.sourceWav}`,
    'audio_player aubridge,nil',
    'audio_alert aubridge,nil',
    'module_path /usr/lib/baresip/modules',
    ...MODULES.map((m) => `module ${m}`),
    ...APP_MODULES.map((m) => `module_app ${m}`),
    `ctrl_tcp_listen 127.0.0.1:${c.ctrlPort}`,
    `snd_path ${c.dir}`,
    '',
  ].join('\n');
}

export function accountsText(c: PhoneConfig): string {
  const codecs = c.codec ?? 'PCMU,PCMA';
  const answer = c.autoAnswer ? 'auto' : 'manual';
  return `<sip:${c.name}@127.0.0.1>;regint=0;answermode=${answer};audio_codecs=${codecs}\n`;
}
