import { type FormEvent, useState } from 'react';
import { useTranslator } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en.lexicon';
import { decodeToken } from './token.rule';

export interface SignInViewProps {
  onSignIn: (token: string) => void;
  /** Why the agent is here again (expired, refused, invalid link). */
  reasonKey?: MessageKey;
}

/** Paste a token; the demo's `npm start` prints links that carry it in the URL fragment instead. */
export const SignInView = ({ onSignIn, reasonKey }: SignInViewProps) => {
  const { t } = useTranslator();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!decodeToken(token)) {
      setInvalid(true);
      return;
    }
    onSignIn(token.trim());
  };
  const message = invalid ? t('signIn.invalid') : reasonKey ? t(reasonKey) : undefined;
  return (
    <main id="main" className="sign-in">
      <h1>{t('app.title')}</h1>
      <form className="panel" onSubmit={submit} noValidate>
        <h2>{t('signIn.heading')}</h2>
        <p>{t('signIn.explain')}</p>
        <label htmlFor="token">{t('signIn.token')}</label>
        <input
          id="token"
          name="token"
          // Text, masked by CSS: a password field would invite the browser to store the token for good.
          type="text"
          className="secret"
          autoComplete="off"
          spellCheck={false}
          value={token}
          aria-invalid={invalid}
          aria-describedby={message ? 'sign-in-message' : undefined}
          onChange={(event) => {
            setToken(event.target.value);
            setInvalid(false);
          }}
        />
        {message ? (
          <p id="sign-in-message" className="error" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="primary">
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
};
