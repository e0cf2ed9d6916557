import type { Principal } from '../principal';

const PRINCIPAL = Symbol('hindsight.principal');

/** Set by `AuthGuard` once the token verified and the rules allowed the request. */
export function setRequestPrincipal(request: object, principal: Principal): void {
  (request as { [PRINCIPAL]?: Principal })[PRINCIPAL] = principal;
}

export function requestPrincipal(request: object): Principal | undefined {
  return (request as { [PRINCIPAL]?: Principal })[PRINCIPAL];
}
