import { Module } from '@nestjs/common';
import { CLOCK, type Clock } from '@app/clock';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { IngestEvents, INGEST_EVENTS_PROVIDER } from '@app/ingestion';
import {
  AgentProfileQuery,
  ContactViews,
  GenerateContactInsights,
  INSIGHTS_GENERATOR,
  type InsightsGenerator,
  InsightsReadModels,
  InteractionContentReader,
  ReadContactInsights,
} from '@app/insights';
import { READ_MODEL_STORE, type ReadModelStore } from '@app/projections';
import { AgentProfileController } from './agent-profile.controller';
import { ContactUpdatesController } from './contact-updates.controller';
import { InsightsController } from './insights.controller';

/**
 * The agent desktop's API in `serve`: the insights use cases over the read models (READ_MODEL_STORE),
 * the event log (EVENT_STORE), the generator (INSIGHTS_GENERATOR) and the one ingest use case.
 */
@Module({
  controllers: [InsightsController, AgentProfileController, ContactUpdatesController],
  providers: [
    INGEST_EVENTS_PROVIDER,
    {
      provide: InsightsReadModels,
      inject: [READ_MODEL_STORE],
      useFactory: (readModels: ReadModelStore) => new InsightsReadModels(readModels),
    },
    { provide: InteractionContentReader, inject: [EVENT_STORE], useFactory: (events: EventStore) => new InteractionContentReader(events) },
    {
      provide: GenerateContactInsights,
      inject: [InsightsReadModels, InteractionContentReader, INSIGHTS_GENERATOR, IngestEvents, CLOCK],
      useFactory: (
        readModels: InsightsReadModels,
        content: InteractionContentReader,
        generator: InsightsGenerator,
        ingest: IngestEvents,
        clock: Clock,
      ) => new GenerateContactInsights(readModels, content, generator, ingest, clock),
    },
    {
      provide: ReadContactInsights,
      inject: [InsightsReadModels, EVENT_STORE, CLOCK],
      useFactory: (readModels: InsightsReadModels, events: EventStore, clock: Clock) => new ReadContactInsights(readModels, events, clock),
    },
    {
      provide: AgentProfileQuery,
      inject: [InsightsReadModels],
      useFactory: (readModels: InsightsReadModels) => new AgentProfileQuery(readModels),
    },
    {
      provide: ContactViews,
      inject: [InsightsReadModels, CLOCK],
      useFactory: (readModels: InsightsReadModels, clock: Clock) => new ContactViews(readModels, clock),
    },
  ],
})
export class InsightsHttpModule {}
