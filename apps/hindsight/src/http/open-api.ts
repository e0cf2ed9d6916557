import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI 3, generated from the controllers and their DTOs by @nestjs/swagger (it replaced a
 * hand-written spec): the UI at `/docs`, the document at `/docs-json`.
 */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Hindsight')
    .setDescription(
      'Event ingest (CloudEvents) and the agent desktop API: contact insights, timeline and session cards. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
