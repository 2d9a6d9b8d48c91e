// TypeBox pieces shared by the management routes (and, through @fastify/swagger, the OpenAPI document).

import { Type, type TSchema } from '@sinclair/typebox';

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ description: 'VX.* (docs/management-api.md)' }), message: Type.String() }) },
  { description: 'A refusal; the message names the field or rule' },
);

/** App keys are 1-64 URL-safe characters (generated ones are 28 base64url characters). */
export const AppKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const AppParams = Type.Object({ appKey: AppKey });

/** +{country code}{number}, as the call APIs write display numbers. */
export const NUMBER_PATTERN = '^\\+[1-9][0-9]{2,29}$';
export const PhoneNumber = Type.String({ minLength: 4, maxLength: 31, pattern: NUMBER_PATTERN, description: '+{country code}{number}' });

export const Review = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);
export const ReviewBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 256, description: 'why, shown to whoever lists it' })) }, { additionalProperties: false });

/** ISO 8601 instant, UTC. */
export const Instant = Type.String({ format: 'date-time' });
export const iso = (ms: number) => new Date(ms).toISOString();

/** The response schemas of a route: its success answer plus the shared error body. */
export function answers(status: number, body: TSchema, ...errors: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = { [status]: body };
  for (const e of [400, 401, ...errors]) out[e] = ErrorBody;
  return out;
}
