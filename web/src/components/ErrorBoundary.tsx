// Catches a render error anywhere below it: a readable message instead of a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ApiError, uiCodes } from '../api/errors.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
  children: ReactNode;
  /** Changing this key clears the error (e.g. the path, so navigating away recovers). */
  resetKey?: string;
}

export class ErrorBoundary extends Component<Props, { error?: Error; resetKey?: string }> {
  override state: { error?: Error; resetKey?: string } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error?: Error; resetKey?: string }) {
    return props.resetKey !== state.resetKey ? { error: undefined, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('workbench render error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <Crashed error={this.state.error} />;
  }
}

function Crashed({ error }: { error: Error }) {
  const { t } = useI18n();
  // The message only; a stack trace helps nobody at the desk and stays in the console.
  return (
    <section className="panel">
      <h2>{t('error.title')}</h2>
      <ErrorMessage error={new ApiError(uiCodes.crash, error.message, 0)} />
      <button type="button" onClick={() => window.location.reload()}>
        {t('error.reload')}
      </button>
    </section>
  );
}
