// Language context: English and German, the choice kept in localStorage (it is not sensitive).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.ts';
import { de } from './de.ts';

export const languages = { en: 'English', de: 'Deutsch' } as const;
export type Lang = keyof typeof languages;
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, de };
const storageKey = 'abgleich.lang';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Formats an ISO time for the current language. */
  time(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = safeStorage()?.getItem(storageKey);
  if (stored === 'en' || stored === 'de') return stored;
  return navigator.language?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    safeStorage()?.setItem(storageKey, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const t: Translate = (key, vars) => (dict[key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
    const fmt = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    return { lang, setLang, t, time: (iso) => (iso ? fmt.format(new Date(iso)) : '—') };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const c = useContext(I18nContext);
  if (!c) throw new Error('useI18n outside I18nProvider');
  return c;
}
