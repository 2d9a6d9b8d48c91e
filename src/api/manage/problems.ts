// Turns whatever a /v1 route threw into a ManageError: ours as they are, Fastify's validation and
// body refusals into our codes with the field or rule named, anything else into VX.INTERNAL.

import type { FastifyError } from 'fastify';
import { describeValidation } from '../validation-errors.js';
import { ManageError, manageError } from './errors.js';

const WHERE: Record<string, string> = { querystring: 'query parameter ', params: 'path parameter ', headers: 'header ' };

export function toManageError(err: FastifyError, bodyLimit: number): ManageError | undefined {
  if (err instanceof ManageError) return err;
  if (err.validation) {
    const where = WHERE[err.validationContext ?? 'body'] ?? '';
    const first = err.validation[0];
    // The shared describer says "body must NOT have additional properties"; name the field instead.
    if (first?.keyword === 'additionalProperties') {
      const at = first.instancePath ? `${first.instancePath.slice(1).replaceAll('/', '.')}.` : '';
      return manageError('invalid', `${where}${at}${String(first.params.additionalProperty)} is not a field of this request`);
    }
    // A union of literals fails once per literal ("must be equal to constant") and then as anyOf:
    // the allowed values are the consts that failed at that field.
    if (first?.keyword === 'const') {
      const allowed = err.validation.filter((e) => e.keyword === 'const' && e.instancePath === first.instancePath).map((e) => String(e.params.allowedValue));
      const field = first.instancePath.split('/').filter(Boolean).map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('') || 'the value';
      return manageError('invalid', `${where}${field} must be one of: ${allowed.join(', ')}`);
    }
    return manageError('invalid', where + describeValidation(err.validation as never));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return manageError('tooLarge', `the body is larger than ${bodyLimit} bytes, the limit of this route`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return manageError('unsupportedMediaType', 'Content-Type must be application/json (audio/wav for voice file uploads)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return manageError('invalid', 'the body is empty; a JSON object is required');
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return manageError('invalid', err instanceof SyntaxError || /JSON/i.test(err.message) ? 'the body is not valid JSON' : 'the request is malformed');
  }
  return undefined;
}
