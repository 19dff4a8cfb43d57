// The last line of defence for a rendering bug. Its words are fixed and bilingual because the
// translation layer may be what failed; it never shows the error itself, which could hold case data.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    // Only the error's type: messages can quote evidence or names.
    console.error(
      '[sakshya] a screen failed to render:',
      error instanceof Error ? error.name : typeof error,
    );
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="gate">
        <section className="gate-card" role="alert">
          <h1>Something went wrong on this screen.</h1>
          <p>Your evidence is safe. Reload to continue.</p>
          <p lang="hi">इस स्क्रीन पर कुछ गड़बड़ हुई। आपके सबूत सुरक्षित हैं। आगे बढ़ने के लिए फिर से लोड करें।</p>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              window.location.reload();
            }}
          >
            Reload · फिर से लोड करें
          </button>
        </section>
      </main>
    );
  }
}
