import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** Changing this (the route, say) clears a caught error. */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

/** Catches render errors so the user sees what broke instead of a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) {
      this.setState({ error: null });
    }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("Render error", error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" data-testid="error-boundary" className="card mx-auto my-10 max-w-xl p-6">
        <h2 className="text-lg font-semibold text-rose-200">Something went wrong on this page</h2>
        <p className="mt-2 text-sm break-words text-slate-400">{error.message}</p>
        <div className="mt-5 flex gap-2">
          <button type="button" className="btn-primary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="btn-secondary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
