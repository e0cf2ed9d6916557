/** Channel icons as inline SVG (no font or image to load; the CSP allows no inline style, which these do not use). */
export type IconName = 'call' | 'chat' | 'message' | 'voicemail';

const PATHS: Record<IconName, string> = {
  call: 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z',
  chat: 'M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H8l-4 4V5a1 1 0 0 1 1-1z',
  message: 'M3 5h18v14H3zM3 5l9 7 9-7',
  voicemail:
    'M6.5 16a4.5 4.5 0 1 1 3.5-1.7h4A4.5 4.5 0 1 1 17.5 16zM6.5 9a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zm11 0a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
};

/** Decorative: every icon stands beside its text label. */
export const Icon = ({ name }: { name: IconName }) => (
  <svg className={`icon icon-${name}`} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path d={PATHS[name]} />
  </svg>
);

/** The timeline's `voice` and the insights' `call` are one channel to an agent. */
export const iconOf = (channelOrKind: string | undefined): IconName => {
  switch (channelOrKind) {
    case 'call':
    case 'voice':
      return 'call';
    case 'voicemail':
      return 'voicemail';
    case 'chat':
    case 'webchat':
    case 'webmessaging':
      return 'chat';
    default:
      return 'message';
  }
};
