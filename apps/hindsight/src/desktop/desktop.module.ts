import { Module } from '@nestjs/common';
import { HindsightConfig } from '@app/config';
import { createLogger } from '@app/observability';
import { DesktopController } from './desktop.controller';
import { DesktopFiles, resolveDesktopDirectory } from './desktop-files';

/** Finds and reads the build once, and says in the log which one is served, or that none is. */
function loadDesktop(config: HindsightConfig): DesktopFiles {
  const logger = createLogger(config.logLevel, 'hindsight-desktop');
  const explicit = config.desktopDirectory === '' ? undefined : config.desktopDirectory;
  const files = DesktopFiles.load(resolveDesktopDirectory(explicit));
  if (files.index !== undefined) {
    logger.info({ directory: files.directory, assets: files.assetNames.length }, 'desktop: serving the agent desktop at /');
  } else {
    // Not fatal: the API, ingest and gRPC do not need the page; `GET /` says how to build it.
    const where = explicit === undefined ? 'no dist/apps/desktop found' : `HINDSIGHT_DESKTOP_DIR ${explicit} has no index.html`;
    logger.warn(`desktop: the agent desktop is not built (${where}); run npm run build`);
  }
  return files;
}

/** The agent desktop's page and assets at `/` (see DesktopController); needs `ConfigModule.forRoot(config)`. */
@Module({
  controllers: [DesktopController],
  providers: [{ provide: DesktopFiles, inject: [HindsightConfig], useFactory: loadDesktop }],
})
export class DesktopModule {}
