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
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
}
