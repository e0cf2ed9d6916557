import type { Provider } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { IngestEvents } from './ingest-events.use-case';

/** The ingest use case over whichever EVENT_STORE the module sees (the CLI's own, or `serve`'s writer thread). */
export const INGEST_EVENTS_PROVIDER: Provider = {
  provide: IngestEvents,
  inject: [EVENT_STORE],
  useFactory: (store: EventStore) => new IngestEvents(store),
};
