// The OpenAPI document of the HTTP API at /docs/json, with swagger-ui at /docs. Registered before
// the routes so @fastify/swagger sees every route's TypeBox schema as it is added.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export function registerOpenApi(app: FastifyInstance, version: string): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'voxcall',
        version,
        description:
          'The management API (/v1, bearer token) and the Huawei VoiceCall-compatible call API (/rest, AK/SK). ' +
          'Management errors: {"error":{"code":"VX.*","message":"..."}}, codes tabled in docs/management-api.md.',
      },
      tags: [
        { name: 'call API', description: 'The Huawei VoiceCall-compatible call APIs (reference chapters 4-6), signed with AK/SK: docs/auth.md.' },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The management API (/v1): the admin token.' },
          // AK/SK is two headers sent together; OpenAPI 3.0 names one header per apiKey scheme, so
          // the call APIs require both schemes at once (AKSK_SECURITY in api/schemas.ts).
          akskAuthorization: {
            type: 'apiKey', in: 'header', name: 'Authorization',
            description: 'AK/SK, first header, always: AKSK realm="SDP",profile="UsernameToken",type="Appkey" (reference table 4-1).',
          },
          aksk: {
            type: 'apiKey', in: 'header', name: 'X-AKSK',
            description:
              'AK/SK, second header: UsernameToken Username="<app key>",PasswordDigest="<digest>",Nonce="<nonce>",Created="<time>", ' +
              'with digest = Base64(HMAC-SHA256(appSecret, Nonce + Created)), Created as yyyy-MM-ddTHH:mm:ssZ within the tolerance, ' +
              'a nonce used once. Refusals carry the reference result codes (docs/auth.md, docs/result-codes.md).',
          },
        },
      },
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
}
