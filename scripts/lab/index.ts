// The lab: real phones (baresip) on 127.0.0.1 and the analysis of what they heard, for the SIP
// network's end-to-end tests and `npm run demo:sip`. docs/lab.md describes it.

export { startPhone, type CtrlEvent, type Phone, type PhoneOptions } from './baresip.js';
export { analyzeSamples, analyzeWav, tone, tonePower, type AnalyzeOptions, type ToneReport, type WavAnalysis } from './wav-analysis.js';
export { encodeWav, parseWav, readWav, sine, writeWav, type Wav, type WavEncoding } from './wav-file.js';
export { freeTcpPort, freeUdpPort, freeUdpRange, tcpPortFree, udpPortFree } from './free-port.js';
export { waitUntil } from './wait.js';
