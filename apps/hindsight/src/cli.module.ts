import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, type HindsightConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { INGEST_EVENTS_PROVIDER } from '@app/ingestion';
import { ReadSideModule } from '@app/projections';
import { EventsCommand } from './commands/events.command';
import { HistoryCommand } from './commands/history.command';
import { DemoCommand } from './commands/demo.command';
import { IngestCommand } from './commands/ingest.command';
import { ProjectCommand } from './commands/project.command';
import { QuarantineCommand } from './commands/quarantine.command';

/** The CLI's composition root: validated configuration, the event store port, the commands. */
@Module({})
class CliModule {
  static register(config: HindsightConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), EventStoreModule.forRoot(), ReadSideModule.forRoot()],
      providers: [INGEST_EVENTS_PROVIDER, IngestCommand, DemoCommand, EventsCommand, HistoryCommand, ProjectCommand, QuarantineCommand],
    };
  }
}

/** Boots the module, runs one command, then shuts down (closing the store) whatever happened. */
export async function runCommand<C, T>(config: HindsightConfig, command: Type<C>, work: (command: C) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.register(config), { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  try {
    return await work(app.get(command));
  } finally {
    await app.close();
  }
}
