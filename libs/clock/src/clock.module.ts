import { Global, Module } from '@nestjs/common';
import { CLOCK, systemClock } from './clock.port';

/** The system clock behind CLOCK, provided once: global, so every module stamps and reads the same time. */
@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
export class ClockModule {}
