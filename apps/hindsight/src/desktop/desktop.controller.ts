import type { ServerResponse } from 'node:http';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type DesktopFile, DesktopFiles } from './desktop-files';

/**
 * Same origin only: the bundle ships everything (no CDN, no inline script or style), so nothing else needs
 * allowing, and an injected `<script>` or a form posting elsewhere finds no way out. `data:` images are the
 * page's empty favicon.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "object-src 'none'",
].join('; ');

/** The page names the current hashed assets: the browser revalidates it every time, so a deploy shows at once. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** An asset's name carries the hash of its content: a name never changes meaning, so it is cached for good. */
const ASSET_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'public, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
};

const NOT_BUILT = 'the agent desktop is not built: run npm run build';

/**
 * The agent desktop (a single-page app) at `/`, same origin as the API it calls: `GET /` is the page and
 * `GET /assets/:file` its hashed files, as read at boot (DesktopFiles). Public: the page holds no data, its
 * API calls carry the agent's token. Not in the OpenAPI document (it is not API). HEAD is answered by the
 * GET routes; other methods get 405 and unknown files 404 problems from the app's filter.
 */
@ApiExcludeController()
@Controller()
export class DesktopController {
  constructor(private readonly files: DesktopFiles) {}

  @Get()
  page(@Res() response: ServerResponse): void {
    if (this.files.index === undefined) throw new NotFoundException(NOT_BUILT);
    send(response, this.files.index, PAGE_HEADERS);
  }

  @Get('assets/:file')
  asset(@Param('file') name: string, @Res() response: ServerResponse): void {
    const file = this.files.asset(name);
    if (file === undefined) throw new NotFoundException(this.files.index === undefined ? NOT_BUILT : 'the agent desktop has no such asset');
    send(response, file, ASSET_HEADERS);
  }
}

/** Node leaves the body out of a HEAD response by itself, keeping its Content-Length. */
function send(response: ServerResponse, file: DesktopFile, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', file.contentType);
  response.setHeader('Content-Length', file.body.length);
  response.end(file.body);
}
