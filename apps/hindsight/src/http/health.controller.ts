import { Controller, Get, UseFilters } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter';

/** Liveness only: the process answers HTTP. Readiness (store reachable, projections caught up) comes later. */
@Controller('health')
@UseFilters(HttpExceptionFilter)
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
