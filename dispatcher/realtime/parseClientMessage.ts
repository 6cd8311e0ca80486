import type { RawData } from 'ws';
import { type ClientMessage, PROTOCOL_VERSION, type WsErrorCode } from '../../protocol/realtime';
import { clientMessageSchema } from './clientMessageSchema';

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; error: { code: WsErrorCode; message: string } };

const KNOWN_TYPES: ReadonlySet<string> = new Set(clientMessageSchema.options.map((o) => o.shape.type.value));

/**
 * One text frame from a client, checked in the order a client can act on: JSON, protocol version, message
 * type, then the message's own schema. Binary frames are not part of the protocol.
 */
export function parseClientMessage(data: RawData | string, isBinary: boolean): ParsedClientMessage {
  if (isBinary) return fail('MalformedMessage', 'Binary frames are not accepted; send JSON text frames');
  let raw: unknown;
  try {
    raw = JSON.parse(textOf(data));
  } catch {
    return fail('MalformedMessage', 'The message is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('MalformedMessage', 'A message is a JSON object with "v" and "type"');
  }
  const { v, type } = raw as { v?: unknown; type?: unknown };
  if (v !== PROTOCOL_VERSION) {
    return fail('UnsupportedVersion', `Protocol version ${JSON.stringify(v ?? null)} is not supported; this server speaks v ${PROTOCOL_VERSION}`);
  }
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
    return fail('UnknownType', `Unknown message type ${JSON.stringify(type ?? null)}; expected one of ${[...KNOWN_TYPES].join(', ')}`);
  }
  const parsed = clientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return fail('MalformedMessage', `Invalid ${type} message: ${where}${issue?.message ?? 'does not match the schema'}`);
  }
  return { ok: true, message: parsed.data };
}

function fail(code: WsErrorCode, message: string): ParsedClientMessage {
  return { ok: false, error: { code, message } };
}

function textOf(data: RawData | string): string {
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
