import type { AddressInfo } from 'node:net';
import type { DynamicModule, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpServerAdapter } from './http-server.adapter';
import { serveOpenApi } from './open-api';

/**
 * `bodyParser: false` is app-wide (Nest registers its JSON/urlencoded parsers for every route, there is
 * no per-route switch): `POST /v1/events` reads the raw bytes itself so that the 16 MiB limit is exact
 * and an oversized body is refused before it is read. A future route that wants a parsed body must
 * parse it itself (or use `express.json()` on that route only).
 * `logger: false`: the app logs through pino (libs/observability), not Nest's console logger.
 */
const HTTP_APP_OPTIONS: NestApplicationOptions = { bodyParser: false, logger: false, abortOnError: false };

/**
 * Creates (does not start) the HTTP app of a root module that imports `HttpIngestModule` (which brings
 * the app-wide error filter), on our `http.Server` (header limit, problem answers to malformed framing).
 */
export async function createHttpApp(rootModule: Type<unknown> | DynamicModule): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, new HttpServerAdapter(), HTTP_APP_OPTIONS);
  app.disable('x-powered-by');
  serveOpenApi(app);
  return app;
}

/** Starts listening; port 0 picks a free port. Returns the bound address (to log or to call it). */
export async function listenHttp(app: NestExpressApplication, port: number, host = '127.0.0.1'): Promise<AddressInfo> {
  await app.listen(port, host).catch((error: NodeJS.ErrnoException) => {
    // Other start-up failures (gRPC's port, a store) come through here too: only Node's own listen errors are HTTP's.
    throw error.syscall === 'listen'
      ? new Error(`HTTP cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error })
      : error;
  });
  return app.getHttpServer().address() as AddressInfo;
}
