import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { CurrentAgentIdentity, Principal, Scope } from '../principal';
import { AUTH_REQUIREMENT, type AuthRequirement, AuthGuard } from './auth.guard';
import { requestPrincipal } from './request-principal';

/**
 * An agent desktop endpoint (`/v1/workspaces/:ws/…`): an agent token of the path's workspace, always
 * (a configured key, or the development key). 401 without or with a bad token, 403 for a service token
 * or another workspace. Licences and visibility are the handler's rules.
 */
export function AgentEndpoint(options: { readonly workspaceParam?: string } = {}): MethodDecorator & ClassDecorator {
  const requirement: AuthRequirement = { kind: 'agent', workspaceParam: options.workspaceParam ?? 'ws' };
  return applyDecorators(SetMetadata(AUTH_REQUIREMENT, requirement), UseGuards(AuthGuard), ApiBearerAuth());
}

/**
 * A service endpoint: when a key is configured, a service token granted `scope` (401 without or with a
 * bad token, 403 without the scope); without a key it is open (loopback only). Workspace checks that
 * depend on the body (each ingested event's) are the handler's, with `@CurrentPrincipal()`.
 */
export function ServiceEndpoint(scope: Scope): MethodDecorator & ClassDecorator {
  const requirement: AuthRequirement = { kind: 'service', scope };
  return applyDecorators(SetMetadata(AUTH_REQUIREMENT, requirement), UseGuards(AuthGuard), ApiBearerAuth());
}

/** The agent of an `@AgentEndpoint()`: `{ userId, workspaceId }`, from its verified token. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentAgentIdentity => {
  const principal = requestPrincipal(context.switchToHttp().getRequest<object>());
  if (principal?.kind !== 'agent') throw new Error('@CurrentAgent() is only for handlers of an @AgentEndpoint()');
  return { userId: principal.userId, workspaceId: principal.workspaceId };
});

/** Who is calling a `@ServiceEndpoint()`; undefined when no key is configured (unauthenticated, loopback). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined =>
  requestPrincipal(context.switchToHttp().getRequest<object>()),
);
