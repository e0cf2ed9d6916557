import { type FormEvent, useState } from 'react';
import { useTranslator } from '../i18n/i18n';

/** Find a contact by phone (any common format), e-mail or contactId. */
export const ContactSearchView = ({ initial, onSearch }: { initial: string; onSearch: (typed: string) => void }) => {
  const { t } = useTranslator();
  const [typed, setTyped] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() === '') {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    onSearch(typed);
  };
  return (
    <div role="search" className="contact-search">
      <form onSubmit={submit} noValidate>
        <label htmlFor="contact-search">{t('search.label')}</label>
        <div className="search-row">
          <input
            id="contact-search"
            name="contact"
            type="search"
            autoComplete="off"
            value={typed}
            aria-describedby="contact-search-hint"
            aria-invalid={empty}
            onChange={(event) => setTyped(event.target.value)}
          />
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </div>
        <p id="contact-search-hint" className="hint">
          {empty ? t('search.empty') : t('search.hint')}
        </p>
      </form>
    </div>
  );
};
