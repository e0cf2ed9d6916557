import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isProblem } from './api/api-problem.errors';
import { App, ErrorBoundary } from './app.view';
import { pickLanguage, translate, translator, TranslatorContext } from './i18n/i18n';
import './desktop.css';

const language = pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
document.documentElement.lang = language;
document.title = translate(language, 'app.title');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will be refused again: only outages and network failures are retried.
      retry: (failures, error) => failures < 2 && !(isProblem(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TranslatorContext.Provider value={translator(language)}>
      <ErrorBoundary message={translate(language, 'app.error')} reload={translate(language, 'app.reload')}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ErrorBoundary>
    </TranslatorContext.Provider>
  </StrictMode>,
);
