const KEY = 'hindsight.agent-token';

/**
 * The token lives in this tab's sessionStorage: gone when the tab closes, never in a URL, a cookie or a log.
 * Storage can be refused (privacy modes): the page then keeps the token in memory only.
 */
export const sessionTokenStore = {
  read(): string | undefined {
    try {
      return sessionStorage.getItem(KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  write(token: string): void {
    try {
      sessionStorage.setItem(KEY, token);
    } catch {
      // memory only
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // nothing stored
    }
  },
};
